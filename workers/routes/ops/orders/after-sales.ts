import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AfterSaleSchema, AfterSaleResponse, OpsAfterSaleListQuery, RejectBody } from '../../../../shared/orders/after-sale-schemas';
import { IdSchema } from '../../../../shared/schemas';
import type { Ctx } from '../../../middleware';
import { actOnAfterSale, listAfterSalesForOps } from '../../../services/aftersales/ops-after-sales';
import { asOps, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../../router';

const IdParam = z.object({ id: IdSchema });
const errors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const list = createRoute({
  method: 'get',
  path: '/api/ops/after-sales',
  tags: ['ops', 'after-sales'],
  summary: 'The after-sales queue',
  operationId: 'listAfterSales',
  description: 'By status, oldest first (without a status: all, newest first), with counts per status.',
  ...asOps,
  request: { query: OpsAfterSaleListQuery },
  responses: {
    200: json(z.object({ items: z.array(AfterSaleSchema.extend({ buyerEmail: z.string() })), counts: z.record(z.string(), z.number().int()) })),
    ...guardedErrors,
  },
});

const step = (name: 'approve' | 'receive', summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/api/ops/after-sales/{id}/${name}`,
    tags: ['ops', 'after-sales'],
    summary,
    operationId: `${name}AfterSale`,
    description,
    ...asOps,
    request: { params: IdParam },
    responses: { 200: json(AfterSaleResponse), ...errors },
  });

const approve = step('approve', 'Approve a return', 'requested → approved; the buyer then sends the items back with a tracking number. Audited.');
const receive = step('receive', 'Receive a return and refund it', 'returned → refunded: the lines are refunded, their commission reversed, and the units go back to stock. Audited.');

const reject = createRoute({
  method: 'post',
  path: '/api/ops/after-sales/{id}/reject',
  tags: ['ops', 'after-sales'],
  summary: 'Reject a return request',
  operationId: 'rejectAfterSale',
  description: 'requested → rejected, with the reason the buyer is told. Audited.',
  ...asOps,
  request: { params: IdParam, body: jsonBody(RejectBody) },
  responses: { 200: json(AfterSaleResponse), ...errors },
});

const deps = (c: Context<Ctx>) => ({ env: c.env, db: c.var.db() });
const actor = (c: Context<Ctx>) => c.var.session!.sub;

export const opsAfterSaleRoutes = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(await listAfterSalesForOps(c.var.db(), q.status, q.limit), 200);
  })
  .openapi(approve, async (c) => c.json({ afterSale: await actOnAfterSale(deps(c), actor(c), c.req.valid('param').id, 'approve') }, 200))
  .openapi(receive, async (c) => c.json({ afterSale: await actOnAfterSale(deps(c), actor(c), c.req.valid('param').id, 'receive') }, 200))
  .openapi(reject, async (c) => c.json({ afterSale: await actOnAfterSale(deps(c), actor(c), c.req.valid('param').id, 'reject', c.req.valid('json').reason) }, 200));
