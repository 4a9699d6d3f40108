import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../../../../shared/errors';
import { BargainCreateBody, BargainIdSchema, BargainSchema } from '../../../../shared/promotions/bargain-schemas';
import { REF_COOKIE } from '../../../services/identity/tokens';
import { bargainStub, getBargainOrThrow, helpBargain, isBargainId, openBargain } from '../../../services/promotions/bargains';
import { asBuyer, errorResponses, guardedErrors, isPublic, json, jsonBody, newRouter } from '../../router';

const Params = z.object({ id: BargainIdSchema });
const HelpBody = z.object({ name: z.string().trim().min(1).max(20).optional().describe('the name other buyers see; without it, the first letter of the email and ***') });

const create = createRoute({
  method: 'post',
  path: '/api/bargains',
  tags: ['bargains'],
  summary: 'Open a bargain (砍价) on a product',
  operationId: 'openBargain',
  description:
    "The signed-in buyer opens a bargain on a product that offers one (`product.bargain`), at its price (the variant's, for a product with options). One open bargain per buyer and product (409 conflict). A seller's `ref` (or the attribution cookie) carries that seller's attribution to the bargain's purchase, as a group does. `name` is what helpers see; without it, the first letter of the email and ***.",
  ...asBuyer,
  request: { body: jsonBody(BargainCreateBody) },
  responses: { 201: json(z.object({ bargain: BargainSchema }), 'Created'), ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] },
});

const get = createRoute({
  method: 'get',
  path: '/api/bargains/{id}',
  tags: ['bargains'],
  summary: 'Get a bargain',
  operationId: 'getBargain',
  description: 'Anyone may read a bargain: its price now, its cuts with the helpers\' names (never their emails) and its deadline.',
  ...isPublic,
  request: { params: Params },
  responses: { 200: json(z.object({ bargain: BargainSchema })), 400: errorResponses[400], 404: errorResponses[404] },
});

const live = createRoute({
  method: 'get',
  path: '/api/bargains/{id}/live',
  tags: ['bargains'],
  summary: 'Watch a bargain live (WebSocket)',
  operationId: 'watchBargain',
  description: 'A WebSocket (send Upgrade: websocket). It sends the `bargain` object as JSON on connect and on every change; any message from the client asks for the current one again.',
  ...isPublic,
  request: { params: Params },
  responses: { 101: { description: 'Switching Protocols' }, 400: errorResponses[400], 404: errorResponses[404] },
});

const help = createRoute({
  method: 'post',
  path: '/api/bargains/{id}/help',
  tags: ['bargains'],
  summary: 'Help a bargain (帮砍一刀)',
  operationId: 'helpBargain',
  description:
    "A signed-in buyer cuts the price once: a random cut of at least 0.01 that leaves 0.01 for every help still to come; the last needed help lands exactly on the floor. The owner can't help (403 forbidden); a second help is 409 already_helped; a bargain that is not open is 409 bargain_closed. Refusals cost no database statement.",
  ...asBuyer,
  request: { params: Params, body: { required: false, content: { 'application/json': { schema: HelpBody } } } },
  responses: {
    201: json(z.object({ cut: z.object({ amount: z.number().int(), currency: z.literal('CNY') }), bargain: BargainSchema }), 'Created'),
    ...guardedErrors,
    404: errorResponses[404],
    409: errorResponses[409],
  },
});

export const bargainRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const bargain = await openBargain(c.env, c.var.db(), { ownerEmail: c.var.buyerEmail!, ...body, refCookie: getCookie(c, REF_COOKIE) });
    return c.json({ bargain }, 201);
  })
  .openapi(get, async (c) => c.json({ bargain: await getBargainOrThrow(c.env, c.var.db, c.req.valid('param').id) }, 200))
  .openapi(live, async (c) => {
    const { id } = c.req.valid('param');
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ApiError('invalid_input', 'This endpoint is a WebSocket: send Upgrade: websocket.');
    if (!isBargainId(id)) throw new ApiError('not_found', 'No such bargain.');
    return bargainStub(c.env, id).fetch(c.req.raw);
  })
  .openapi(help, async (c) => {
    const { id } = c.req.valid('param');
    const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? {};
    const r = await helpBargain(c.env, c.var.db, id, { email: c.var.buyerEmail!, name: body.name });
    return c.json({ cut: { amount: r.cut, currency: 'CNY' as const }, bargain: r.bargain }, 201);
  });
