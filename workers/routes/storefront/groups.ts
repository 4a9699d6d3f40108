import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema } from '../../../shared/schemas';
import { getGroupOrThrow, getOpsGroupOrThrow, groupStub, isGroupId } from '../../services/groups/groups';
import { ApiError } from '../../../shared/errors';
import { errorResponses, json, newRouter, asOps, isPublic } from '../router';

export const GroupSchema = z.object({
  id: z.string(),
  productId: z.string(),
  size: z.number().int(),
  members: z.number().int().describe('paid seats'),
  held: z.number().int().describe('seats reserved while payment is pending'),
  status: z.enum(['open', 'succeeded', 'failed']),
  expiresAt: z.string(),
});

const GroupIdParam = z.object({ id: IdSchema.refine((s) => s.startsWith('g_'), 'a group id starts with g_') });

const get = createRoute({
  method: 'get',
  path: '/api/groups/{id}',
  tags: ['groups'],
  summary: 'Get a group buy',
  operationId: 'getGroup',
  ...isPublic,
  request: { params: GroupIdParam },
  responses: { 200: json(z.object({ group: GroupSchema })), 400: errorResponses[400], 404: errorResponses[404] },
});

const live = createRoute({
  method: 'get',
  path: '/api/groups/{id}/live',
  tags: ['groups'],
  summary: 'Watch a group buy live (WebSocket)',
  operationId: 'watchGroup',
  ...isPublic,
  description: 'A WebSocket (send Upgrade: websocket). It sends the `group` object as JSON on connect and on every change; any message from the client asks for the current one again.',
  request: { params: GroupIdParam },
  responses: { 101: { description: 'Switching Protocols' }, 400: errorResponses[400], 404: errorResponses[404] },
});

const opsGet = createRoute({
  method: 'get',
  path: '/api/ops/groups/{id}',
  tags: ['ops'],
  summary: 'Get a group buy with its seats',
  operationId: 'getOpsGroup',
  description:
    'The group as ops see it: every seat, the auto-fill setting it opened with, and `autoFilled`, the seats the platform filled at the deadline (模拟成团). Buyers never see auto-filled seats as members.',
  ...asOps,
  request: { params: GroupIdParam },
  responses: {
    200: json(
      z.object({
        group: GroupSchema.extend({
          autoFilled: z.number().int(),
          autoFillPercent: z.number().int().nullable(),
          price: z.object({ amount: z.number().int(), currency: z.literal('CNY') }),
          leaderOrderId: z.string(),
          decidedAt: z.string().nullable(),
          seats: z.array(z.object({ orderId: z.string(), state: z.enum(['held', 'paid']), holdExpiresAt: z.string() })),
          pendingWrites: z.number().int().describe('effects the group has not yet landed in Postgres (retried by its alarm)'),
          record: z.object({ status: z.string(), autoFilled: z.number().int(), members: z.number().int() }).nullable(),
        }),
      }),
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

export const groupRoutes = newRouter()
  .openapi(get, async (c) => c.json({ group: await getGroupOrThrow(c.env, c.req.valid('param').id) }, 200))
  .openapi(live, async (c) => {
    const { id } = c.req.valid('param');
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ApiError('invalid_input', 'This endpoint is a WebSocket: send Upgrade: websocket.');
    if (!isGroupId(id)) throw new ApiError('not_found', 'No such group.');
    return groupStub(c.env, id).fetch(c.req.raw);
  })
  .openapi(opsGet, async (c) => {
    const v = await getOpsGroupOrThrow(c.env, c.var.db(), c.req.valid('param').id);
    const { group, priceAmount, ...rest } = v;
    return c.json({ group: { ...group, ...rest, price: { amount: priceAmount, currency: 'CNY' as const } } }, 200);
  });
