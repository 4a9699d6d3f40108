import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { IdempotencyHeaders, OrderCreateBody, OrderCreated, OrderSchema } from '../../../shared/orders/order-schemas';
import { IdSchema } from '../../../shared/schemas';
import { bearer } from '../../middleware';
import { buyerEmailOf } from '../buyer/coupons';
import { createOrder } from '../../services/orders/checkout';
import { clientOf } from '../../services/trust/fraud-signals';
import { authorizeOrderRead, getOrderRecordOrThrow, toOrderView } from '../../services/orders/orders';
import { REF_COOKIE } from '../../services/identity/tokens';
import { anyOf, errorResponses, guardedErrors, isPublic, json, jsonBody, newRouter } from '../router';
import { pageLang } from './catalog-pages';

const create = createRoute({
  method: 'post',
  path: '/api/orders',
  tags: ['orders'],
  summary: 'Place an order and reserve its stock',
  operationId: 'createOrder',
  ...isPublic,
  description:
    'Creates an order and reserves its stock for RESERVATION_TTL_SECONDS. The same Idempotency-Key with the same body returns the same 201 response; with another body, 422 idempotency_mismatch; while the first request is still running, 409 conflict.',
  request: { headers: IdempotencyHeaders, body: jsonBody(OrderCreateBody) },
  responses: {
    201: json(OrderCreated, 'Created'),
    400: errorResponses[400],
    404: errorResponses[404],
    409: errorResponses[409],
    422: { description: 'idempotency_mismatch', content: errorResponses[400].content },
    429: errorResponses[429],
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/orders/{id}',
  tags: ['orders'],
  summary: 'Get an order',
  operationId: 'getOrder',
  description: 'Authorization: Bearer <orderToken> for this order, or an ops token. A token for another order is 403.',
  security: anyOf('orderToken', 'opsToken'),
  request: { params: z.object({ id: IdSchema }) },
  responses: { 200: json(z.object({ order: OrderSchema })), ...guardedErrors, 404: errorResponses[404] },
});

export const orderRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const r = await createOrder(
      // A getter: an attempt the objects refuse never even creates a Pool.
      { env: c.env, get db() { return c.var.db(); } },
      {
        body,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
        refCookie: getCookie(c, REF_COOKIE),
        session: c.var.session,
        origin: new URL(c.req.url).origin,
        lang: pageLang(c),
        client: clientOf(c.env, c.req.raw),
        // Only a coupon needs the buyer's session; a plain order never pays for reading it.
        buyerEmail: body.coupon ? await buyerEmailOf(c) : undefined,
      },
    );
    // The exact text: a replay is the first response byte for byte.
    c.header('content-type', 'application/json');
    return c.body(r.text, r.status) as never;
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    await authorizeOrderRead(c.env, c.var.session, bearer(c.req.header('authorization')), id);
    return c.json({ order: toOrderView(await getOrderRecordOrThrow(c.var.db(), id)) }, 200);
  });
