import { createRoute, z } from '@hono/zod-openapi';
import { OpsOrderListQuery, OrderSchema, ShipBody } from '../../../../shared/orders/order-schemas';
import { IdSchema } from '../../../../shared/schemas';
import type { Context } from 'hono';
import type { Ctx } from '../../../middleware';
import { actOnOrderAsOps } from '../../../services/ops/orders';
import { exportOrdersCsv, listOrders } from '../../../services/orders/orders';
import { errorResponses, json, jsonBody, newRouter, asOps, guardedErrors } from '../../router';

const IdParam = z.object({ id: IdSchema });
const OrderEnvelope = z.object({ order: OrderSchema });
const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const action = (name: string, operationId: string, summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/api/ops/orders/{id}/${name}`,
    tags: ['ops'],
    summary,
    operationId,
    description,
    ...asOps,
    request: { params: IdParam },
    responses: { 200: json(OrderEnvelope), ...opsErrors },
  });

const ship = createRoute({
  method: 'post',
  path: '/api/ops/orders/{id}/ship',
  tags: ['ops'],
  summary: 'Mark an order shipped',
  operationId: 'shipOrder',
  description: 'paid or confirmed → shipped, with carrier and tracking number.',
  ...asOps,
  request: { params: IdParam, body: jsonBody(ShipBody) },
  responses: { 200: json(OrderEnvelope), ...opsErrors },
});
const deliver = action('deliver', 'deliverOrder', 'Mark an order delivered', 'shipped → delivered.');
const confirm = action('confirm', 'confirmOrder', 'Confirm a paid order', 'paid → confirmed (optional: ship works straight from paid).');
const complete = action('complete', 'completeOrder', 'Complete a delivered order', 'delivered → completed.');
const refund = action('refund', 'refundOrder', 'Refund an order in full', 'Asks the provider for a full refund; the order turns refunded when refund.succeeded arrives (at once with the test provider).');

const listQuery = OpsOrderListQuery;
const list = createRoute({
  method: 'get',
  path: '/api/ops/orders',
  tags: ['ops'],
  summary: 'List orders',
  operationId: 'listOrders',
  description: 'Newest first. `from` inclusive, `to` exclusive (ISO 8601). `format=csv` returns the same filter as CSV (up to 10,000 rows).',
  ...asOps,
  request: { query: listQuery },
  responses: {
    200: { description: 'OK', content: { 'application/json': { schema: z.object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() }) }, 'text/csv': { schema: z.string() } } },
    ...opsErrors,
  },
});

const csv = createRoute({
  method: 'get',
  path: '/api/ops/orders.csv',
  tags: ['ops'],
  summary: 'Export orders as CSV',
  operationId: 'exportOrdersCsv',
  description: 'The order list as CSV, same filters as /api/ops/orders.',
  ...asOps,
  request: { query: listQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...opsErrors },
});

// Every change here is recorded in the audit log, in the transaction that makes it (services/ops/orders.ts).
const deps = (c: Context<Ctx>) => ({ env: c.env, db: c.var.db() });
const actor = (c: Context<Ctx>) => c.var.session!.sub;

const csvResponse = (text: string) =>
  new Response(text, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="orders.csv"' } });

export const opsOrderRoutes = newRouter()
  .openapi(csv, async (c) => csvResponse(await exportOrdersCsv(c.var.db(), c.req.valid('query'))))
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    if (q.format === 'csv') return csvResponse(await exportOrdersCsv(c.var.db(), q));
    return c.json(await listOrders(c.var.db(), q), 200);
  })
  .openapi(ship, async (c) => c.json({ order: await actOnOrderAsOps(deps(c), actor(c), c.req.valid('param').id, 'ship', c.req.valid('json')) }, 200))
  .openapi(deliver, async (c) => c.json({ order: await actOnOrderAsOps(deps(c), actor(c), c.req.valid('param').id, 'deliver') }, 200))
  .openapi(confirm, async (c) => c.json({ order: await actOnOrderAsOps(deps(c), actor(c), c.req.valid('param').id, 'confirm') }, 200))
  .openapi(complete, async (c) => c.json({ order: await actOnOrderAsOps(deps(c), actor(c), c.req.valid('param').id, 'complete') }, 200))
  .openapi(refund, async (c) => c.json({ order: await actOnOrderAsOps(deps(c), actor(c), c.req.valid('param').id, 'refund') }, 200));
