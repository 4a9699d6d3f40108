import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AfterSaleCreateBody, AfterSaleList, AfterSaleResponse, ReturnShipmentBody } from '../../../shared/orders/after-sale-schemas';
import { IdSchema } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { createAfterSale, getBuyerAfterSale, listBuyerAfterSales, sendReturnShipment } from '../../services/aftersales/after-sales';
import { asBuyer, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../router';

const IdParam = z.object({ id: IdSchema });
const errors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const create = createRoute({
  method: 'post',
  path: '/api/buyer/orders/{id}/after-sales',
  tags: ['after-sales'],
  summary: 'Ask for a refund or a return (售后)',
  operationId: 'createAfterSale',
  description:
    "The buyer's own order only. `refund` (仅退款): a paid order not shipped yet, refunded at once. `return` (退货退款): up to RETURN_DAYS after delivery, answered by ops. " +
    "`amount` is the lines' payAmount share, never more than was paid less earlier refunds. One open after-sale per order (409 conflict); so is an order that can't take this kind now.",
  ...asBuyer,
  request: { params: IdParam, body: jsonBody(AfterSaleCreateBody) },
  responses: { 201: json(AfterSaleResponse, 'Created'), ...errors },
});

const sendBack = createRoute({
  method: 'post',
  path: '/api/buyer/after-sales/{id}/return',
  tags: ['after-sales'],
  summary: "Send the return's tracking number",
  operationId: 'sendReturnShipment',
  description: 'An approved return moves to `returned`; ops refund it when they receive the items.',
  ...asBuyer,
  request: { params: IdParam, body: jsonBody(ReturnShipmentBody) },
  responses: { 200: json(AfterSaleResponse), ...errors },
});

const list = createRoute({
  method: 'get',
  path: '/api/buyer/after-sales',
  tags: ['after-sales'],
  summary: "List the buyer's after-sales",
  operationId: 'listBuyerAfterSales',
  description: 'Across all orders placed with the signed-in email, newest first (100 at most).',
  ...asBuyer,
  responses: { 200: json(AfterSaleList), ...guardedErrors },
});

const one = createRoute({
  method: 'get',
  path: '/api/buyer/after-sales/{id}',
  tags: ['after-sales'],
  summary: 'Read one after-sale',
  operationId: 'getBuyerAfterSale',
  ...asBuyer,
  request: { params: IdParam },
  responses: { 200: json(AfterSaleResponse), ...guardedErrors, 404: errorResponses[404] },
});

const deps = (c: Context<Ctx>) => ({ env: c.env, db: c.var.db() });

export const buyerAfterSaleRoutes = newRouter()
  .openapi(create, async (c) => c.json({ afterSale: await createAfterSale(deps(c), c.var.buyerEmail!, c.req.valid('param').id, c.req.valid('json')) }, 201))
  .openapi(sendBack, async (c) => c.json({ afterSale: await sendReturnShipment(deps(c), c.var.buyerEmail!, c.req.valid('param').id, c.req.valid('json')) }, 200))
  .openapi(list, async (c) => c.json({ items: await listBuyerAfterSales(c.var.db(), c.var.buyerEmail!) }, 200))
  .openapi(one, async (c) => c.json({ afterSale: await getBuyerAfterSale(c.var.db(), c.var.buyerEmail!, c.req.valid('param').id) }, 200));
