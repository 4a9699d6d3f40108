import { createRoute, z } from '@hono/zod-openapi';
import { FlashSaleBody, FlashSaleIdParam, OpsFlashSaleSchema } from '../../../../shared/promotions/flash-sale-schemas';
import { createFlashSale, listOpsFlashSales, stopFlashSale } from '../../../services/promotions/flash-sales';
import { errorResponses, json, jsonBody, newRouter, asOps, guardedErrors } from '../../router';

const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const postSale = createRoute({
  method: 'post',
  path: '/api/ops/flash-sales',
  tags: ['ops'],
  summary: 'Create a flash sale (秒杀)',
  operationId: 'createFlashSale',
  description:
    'Sets `quantity` units aside from the product (or the variant named, required for a product with options) at once: fewer available → 409 out_of_stock. ' +
    'Two sales of one product may not overlap in time (409 conflict). The price is at least 0.01 and at most the regular price. ' +
    'The sale opens at `startsAt` and closes at `endsAt` by alarm; what it did not sell returns to the product then (units still held by unpaid orders return once those lapse). Audited.',
  ...asOps,
  request: { body: jsonBody(FlashSaleBody) },
  responses: { 201: json(z.object({ flashSale: OpsFlashSaleSchema }), 'Created'), ...opsErrors },
});

const listSales = createRoute({
  method: 'get',
  path: '/api/ops/flash-sales',
  tags: ['ops'],
  summary: 'Flash sales, latest start first (the last 100)',
  operationId: 'listOpsFlashSales',
  ...asOps,
  responses: { 200: json(z.object({ serverNow: z.string(), items: z.array(OpsFlashSaleSchema) })), ...opsErrors },
});

const stopSale = createRoute({
  method: 'post',
  path: '/api/ops/flash-sales/{id}/stop',
  tags: ['ops'],
  summary: 'End a flash sale now',
  operationId: 'stopFlashSale',
  description: 'It stops selling at once and its unsold units return to the product. A sale that has already ended → 409 conflict. Audited.',
  ...asOps,
  request: { params: FlashSaleIdParam },
  responses: { 200: json(z.object({ flashSale: OpsFlashSaleSchema })), ...opsErrors },
});

export const opsFlashSaleRoutes = newRouter()
  .openapi(postSale, async (c) => c.json({ flashSale: await createFlashSale(c.env, c.var.db(), c.var.session!.sub, c.req.valid('json')) }, 201))
  .openapi(listSales, async (c) => {
    const now = Date.now();
    return c.json({ serverNow: new Date(now).toISOString(), items: await listOpsFlashSales(c.env, c.var.db(), now) }, 200);
  })
  .openapi(stopSale, async (c) => c.json({ flashSale: await stopFlashSale(c.env, c.var.db(), c.var.session!.sub, c.req.valid('param').id) }, 200));
