import { createRoute } from '@hono/zod-openapi';
import { OutboxQuery, OutboxSchema } from '../../../shared/buyers/buyer-schemas';
import { ApiError } from '../../../shared/errors';
import { listOutbox } from '../../services/email/emails';
import { errorResponses, isPublic, json, newRouter } from '../router';

const outbox = createRoute({
  method: 'get',
  path: '/api/dev/outbox',
  tags: ['dev'],
  summary: 'Read queued emails (development only)',
  operationId: 'listDevOutbox',
  ...isPublic,
  description: 'Development only (404 unless ENVIRONMENT=development): the emails queued for an address, oldest first.',
  request: { query: OutboxQuery },
  responses: { 200: json(OutboxSchema), 400: errorResponses[400], 404: errorResponses[404] },
});

export const devOutboxRoutes = newRouter().openapi(outbox, async (c) => {
  // Sign-in codes are in these messages: nowhere but a developer's machine may show them.
  if (c.env.ENVIRONMENT !== 'development') throw new ApiError('not_found', 'No route for GET /api/dev/outbox');
  return c.json({ messages: await listOutbox(c.var.db(), c.req.valid('query').to) }, 200);
});
