import { createRoute, z } from '@hono/zod-openapi';
import { NetworkQuery, NetworkSchema, StatsQuery, StatsSchema, StorefrontBody, StorefrontSchema } from '../../shared/schemas';
import { requireSeller } from '../middleware';
import { getSellerStats } from '../services/clicks';
import { getMyNetwork } from '../services/network';
import { updateStorefront } from '../services/storefronts';
import { bearerSecurity, errorResponses, json, jsonBody, newRouter } from './router';

const putStorefront = createRoute({
  method: 'put',
  path: '/api/me/storefront',
  tags: ['sellers'],
  security: bearerSecurity,
  middleware: [requireSeller] as const,
  request: { body: jsonBody(StorefrontBody) },
  responses: { 200: json(z.object({ storefront: StorefrontSchema })), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});

const getStats = createRoute({
  method: 'get',
  path: '/api/me/stats',
  tags: ['sellers'],
  summary: "The caller's clicks, visitors, orders and earnings",
  description:
    'Totals are all-time over the caller\'s links; byDay covers the last `days` days (default 30, UTC, zeros included). ' +
    'uniqueVisitors are summed daily uniques. Bot clicks are excluded from clicks and reported as botClicks. ' +
    'Clicks reach these numbers within a few seconds (batched by the per-link counter).',
  security: bearerSecurity,
  middleware: [requireSeller] as const,
  request: { query: StatsQuery },
  responses: { 200: json(StatsSchema), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});

const getNetwork = createRoute({
  method: 'get',
  path: '/api/me/network',
  tags: ['sellers'],
  summary: "The caller's invitation subtree",
  description: 'The caller is the root node at depth 0; depths are relative to the caller; edges go from inviter to invitee. At most `limit` nodes, shallowest first; `truncated` says when there were more.',
  security: bearerSecurity,
  middleware: [requireSeller] as const,
  request: { query: NetworkQuery },
  responses: { 200: json(NetworkSchema), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});

export const meRoutes = newRouter()
  .openapi(putStorefront, async (c) => c.json({ storefront: await updateStorefront(c.env, c.var.db(), c.var.seller!, c.req.valid('json')) }, 200))
  .openapi(getStats, async (c) => c.json(await getSellerStats(c.var.db(), c.var.seller!.id, c.req.valid('query').days), 200))
  .openapi(getNetwork, async (c) => c.json(await getMyNetwork(c.var.db(), c.var.seller!, c.req.valid('query').limit), 200));
