import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../shared/errors';
import { ErrorSchema } from '../../shared/schemas';
import { isDatabaseReachable } from '../services/ops/health';
import { json, newRouter } from './router';

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  responses: { 200: json(z.object({ ok: z.literal(true) })), 503: json(ErrorSchema, 'Database unreachable') },
});

export const healthRoutes = newRouter().openapi(healthz, async (c) => {
  if (!(await isDatabaseReachable(c.var.db))) throw new ApiError('unavailable', 'The database is not reachable.');
  return c.json({ ok: true as const }, 200);
});
