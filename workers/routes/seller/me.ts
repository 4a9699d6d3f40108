import { createRoute, z } from '@hono/zod-openapi';
import { NetworkQuery, NetworkSchema, StatsQuery, StatsSchema, StorefrontBody, StorefrontSchema } from '../../../shared/schemas';
import { getSellerStats } from '../../services/links/clicks';
import { listMyCommissions, listMyPayouts } from '../../services/ledger/commissions';
import { CommissionPageSchema, LedgerPageQuery, MyPayoutPageSchema } from '../../../shared/ledger/ledger-schemas';
import { getMyNetwork } from '../../services/sellers/network';
import { countSellerFollowers } from '../../services/buyers/buyers';
import { updateStorefront } from '../../services/sellers/storefronts';
import { SellerLevelStanding } from '../../../shared/program/distribution-schemas';
import { boundBuyers } from '../../services/program/bindings';
import { sellerLevelStanding } from '../../services/program/levels';
import { json, jsonBody, newRouter, asSeller, guardedErrors } from '../router';

const putStorefront = createRoute({
  method: 'put',
  path: '/api/me/storefront',
  tags: ['sellers'],
  summary: "Set the caller's storefront",
  operationId: 'updateMyStorefront',
  ...asSeller,
  request: { body: jsonBody(StorefrontBody) },
  responses: { 200: json(z.object({ storefront: StorefrontSchema })), ...guardedErrors },
});

const getStats = createRoute({
  method: 'get',
  path: '/api/me/stats',
  tags: ['sellers'],
  operationId: 'getMyStats',
  summary: "The caller's clicks, visitors, orders and earnings",
  description:
    'Totals are all-time over the caller\'s links; byDay covers the last `days` days (default 30, UTC, zeros included). ' +
    'uniqueVisitors are summed daily uniques. Bot clicks are excluded from clicks and reported as botClicks. ' +
    'Clicks reach these numbers within a few seconds (batched by the per-link counter). ' +
    'orders counts attributed orders that are paid for and not refunded (paid, confirmed, shipped, delivered, completed; a group order once its group is confirmed); ' +
    'followers counts buyers following the storefront. boundBuyers counts buyer emails bound to the caller now (锁粉). ' +
    'level is the caller\'s level (rank 0 and name null for none); next names the next level that sets conditions and what is still missing for it. ' +
    'conversionRate is orders / clicks. earnings are derived from the commission ledger: pending (held until HOLD_DAYS after delivery), ' +
    'available (payable, clawbacks netted; may be negative), paid, reversed (refunded commission, including clawbacks).',
  ...asSeller,
  request: { query: StatsQuery },
  responses: { 200: json(StatsSchema.extend({ followers: z.number().int(), boundBuyers: z.number().int(), level: SellerLevelStanding })), ...guardedErrors },
});

const getNetwork = createRoute({
  method: 'get',
  path: '/api/me/network',
  tags: ['sellers'],
  operationId: 'getMyNetwork',
  summary: "The caller's invitation subtree",
  description: 'The caller is the root node at depth 0; depths are relative to the caller; edges go from inviter to invitee. At most `limit` nodes, shallowest first; `truncated` says when there were more.',
  ...asSeller,
  request: { query: NetworkQuery },
  responses: { 200: json(NetworkSchema), ...guardedErrors },
});

const getCommissions = createRoute({
  method: 'get',
  path: '/api/me/commissions',
  tags: ['sellers'],
  operationId: 'listMyCommissions',
  summary: "The caller's commission ledger entries, newest first",
  description:
    'Only the caller\'s own entries. Kinds: accrue (+, pending), release (pending → available after HOLD_DAYS from delivery), ' +
    'reverse (a refund before payout; `from` names the bucket it left), payout (available → paid), clawback (negative: a refund after payout, netted against the next payout). ' +
    'Pass nextCursor as cursor for the next page.',
  ...asSeller,
  request: { query: LedgerPageQuery },
  responses: { 200: json(CommissionPageSchema), ...guardedErrors },
});

const getPayouts = createRoute({
  method: 'get',
  path: '/api/me/payouts',
  tags: ['sellers'],
  operationId: 'listMyPayouts',
  summary: "The caller's payout history, newest first",
  description: 'One item per batch that paid the caller: the amount and whether the transfer is done (status paid) or still going out (created).',
  ...asSeller,
  request: { query: LedgerPageQuery },
  responses: { 200: json(MyPayoutPageSchema), ...guardedErrors },
});

export const meRoutes = newRouter()
  .openapi(putStorefront, async (c) => c.json({ storefront: await updateStorefront(c.env, c.var.db(), c.var.seller!, c.req.valid('json')) }, 200))
  .openapi(getStats, async (c) => {
    const db = c.var.db();
    const id = c.var.seller!.id;
    const [stats, followers, bound, level] = await Promise.all([
      getSellerStats(db, id, c.req.valid('query').days),
      countSellerFollowers(db, id),
      boundBuyers(db, id),
      sellerLevelStanding(db, id),
    ]);
    return c.json({ ...stats, followers, boundBuyers: bound, level }, 200);
  })
  .openapi(getNetwork, async (c) => c.json(await getMyNetwork(c.var.db(), c.var.seller!, c.req.valid('query').limit), 200))
  .openapi(getCommissions, async (c) => c.json(await listMyCommissions(c.var.db(), c.var.seller!.id, c.req.valid('query')), 200))
  .openapi(getPayouts, async (c) => c.json(await listMyPayouts(c.var.db(), c.var.seller!.id, c.req.valid('query')), 200));
