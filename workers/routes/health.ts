import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../shared/errors';
import { ErrorSchema } from '../../shared/schemas';
import { isDatabaseReachable } from '../services/ops/health';
import { isPublic, json, newRouter } from './router';

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness and database reachability',
  operationId: 'getHealth',
  ...isPublic,
  responses: { 200: json(z.object({ ok: z.literal(true) })), 503: json(ErrorSchema, 'Database unreachable') },
});

export const healthRoutes = newRouter().openapi(healthz, async (c) => {
  if (!(await isDatabaseReachable(c.var.db))) throw new ApiError('unavailable', 'The database is not reachable.');
  return c.json({ ok: true as const }, 200);
});
