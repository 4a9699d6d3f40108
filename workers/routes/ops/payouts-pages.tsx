// Ops pages for groups, sellers and payouts. Mounted inside opsPageRoutes, behind its opsOnly
// guard; every form post is same-origin checked, changes the data through an audited verb and
// redirects back (post/redirect/get) with a plain-words notice.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../../shared/errors';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import type { Meta } from '../../pages/layout';
import { OpsGroupsPage } from '../../pages/ops/groups';
import { OpsPayoutsPage } from '../../pages/ops/payouts';
import { OpsSellerPage, OpsSellersPage, type SellerItem } from '../../pages/ops/sellers';
import { csvCell } from '../../services/orders/orders';
import { exportPayoutCsv, listPayouts, payoutMinimum } from '../../services/ledger/commissions';
import {
  createPayoutBatchAudited,
  getSellerNetworkOrThrow,
  GROUP_FILTERS,
  listClawbacksCarried,
  listGroupsForOps,
  listSellersForOps,
  markPayoutPaidAudited,
  setSellerSuspension,
  type SellerSummaryRow,
} from '../../services/ops/desk';
import { sameOrigin } from '../seller/dashboard-pages';
import { html } from '../html';

type C = Context<Ctx>;

const meta = (c: C, title: string): Meta => ({
  title: `${title} · Pinlink`,
  description: messagesOf(c).ops.console,
  url: new URL(c.req.path, c.req.url).toString(),
});

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const idParam = (c: C) => {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id)) throw new ApiError('not_found', messagesOf(c).opsDesk.notFound);
  return id;
};
const actorOf = (c: C) => c.var.session!.sub;

const toItem = (s: SellerSummaryRow): SellerItem => ({ ...s, suspendedAt: s.suspendedAt ? s.suspendedAt.toISOString() : null });

export const opsDeskRoutes = new Hono<Ctx>()
  .get('/ops/groups', async (c) => {
    const raw = c.req.query('status');
    const status = GROUP_FILTERS.find((s) => s === raw);
    if (raw !== undefined && raw !== '' && !status) throw new ApiError('invalid_input', 'status: one of open, succeeded, failed');
    const rows = await listGroupsForOps(c.env, c.var.db(), status);
    const groups = rows.map((g) => ({ ...g, expiresAt: g.expiresAt.toISOString() }));
    return html(c, <OpsGroupsPage meta={meta(c, messagesOf(c).opsDesk.groups)} status={status} groups={groups} />);
  })
  .get('/ops/sellers', async (c) => {
    const rows = await listSellersForOps(c.var.db());
    return html(c, <OpsSellersPage meta={meta(c, messagesOf(c).opsDesk.sellers)} sellers={rows.map(toItem)} />);
  })
  .get('/ops/sellers/:id', async (c) => {
    const t = messagesOf(c).opsDesk;
    const n = await getSellerNetworkOrThrow(c.var.db(), idParam(c));
    const done = c.req.query('done');
    const notice =
      done === 'suspended' ? { text: t.suspendedDone } : done === 'unsuspended' ? { text: t.unsuspendedDone } : done === 'unchanged' ? { text: t.nothingChanged, warn: true } : undefined;
    return html(
      c,
      <OpsSellerPage meta={meta(c, `@${n.seller.handle}`)} seller={toItem(n.summary)} upline={n.upline} tree={n.tree} size={n.size} truncated={n.truncated} notice={notice} />,
    );
  })
  .post('/ops/sellers/:id/:action{suspend|unsuspend}', sameOrigin, async (c) => {
    const id = idParam(c);
    const suspend = c.req.param('action') === 'suspend';
    const changed = await setSellerSuspension(c.env, c.var.db(), actorOf(c), id, suspend);
    return c.redirect(`/ops/sellers/${id}?done=${changed ? (suspend ? 'suspended' : 'unsuspended') : 'unchanged'}`, 303);
  })
  .get('/ops/payouts', async (c) => {
    const t = messagesOf(c).opsDesk;
    const db = c.var.db();
    const [payouts, clawbacks] = await Promise.all([listPayouts(db, { limit: 50 }), listClawbacksCarried(db)]);
    const done = c.req.query('done');
    const n = Number(c.req.query('n') ?? '0');
    const notice =
      done === 'created' ? { text: t.batchCreated(Number.isSafeInteger(n) ? n : 0) } : done === 'none' ? { text: t.nothingToPay, warn: true } : done === 'paid' ? { text: t.markedPaid } : undefined;
    return html(
      c,
      <OpsPayoutsPage meta={meta(c, t.payouts)} minimum={payoutMinimum(c.env)} payouts={payouts.items} clawbacks={clawbacks} notice={notice} />,
    );
  })
  .post('/ops/payouts', sameOrigin, async (c) => {
    try {
      const out = await createPayoutBatchAudited(c.env, c.var.db(), actorOf(c));
      return c.redirect(`/ops/payouts?done=created&n=${out.payout.sellerCount}`, 303);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return c.redirect('/ops/payouts?done=none', 303);
      throw e;
    }
  })
  .post('/ops/payouts/:id/mark-paid', sameOrigin, async (c) => {
    await markPayoutPaidAudited(c.var.db(), actorOf(c), idParam(c));
    return c.redirect('/ops/payouts?done=paid', 303);
  })
  // The transfer file, for a browser signed in with the page session (the API route wants a bearer).
  .get('/ops/payouts/:file{[A-Za-z0-9_-]{1,64}\\.csv}', async (c) => {
    const id = c.req.param('file').slice(0, -'.csv'.length);
    const text = await exportPayoutCsv(c.var.db(), id, csvCell);
    return new Response(text, {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="payout-${id}.csv"`, 'cache-control': 'private, no-store' },
    });
  });
