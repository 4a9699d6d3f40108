import { createRoute } from '@hono/zod-openapi';
import { FlashSaleIdParam, FlashSaleList, FlashSaleListQuery, FlashSaleOne } from '../../../../shared/promotions/flash-sale-schemas';
import { getFlashSale, listFlashSales } from '../../../services/promotions/flash-sales';
import { errorResponses, json, newRouter, isPublic } from '../../router';

const listSales = createRoute({
  method: 'get',
  path: '/api/flash-sales',
  tags: ['storefront'],
  summary: 'Flash sales (秒杀): on now and coming, or by status',
  operationId: 'listFlashSales',
  description: 'Without `status`: the ongoing and sold-out sales, then the upcoming ones. `serverNow` lets a client count down by the server\'s clock.',
  ...isPublic,
  request: { query: FlashSaleListQuery },
  responses: { 200: json(FlashSaleList), 400: errorResponses[400] },
});

const getSale = createRoute({
  method: 'get',
  path: '/api/flash-sales/{id}',
  tags: ['storefront'],
  summary: 'One flash sale, with what is left',
  operationId: 'getFlashSale',
  ...isPublic,
  request: { params: FlashSaleIdParam },
  responses: { 200: json(FlashSaleOne), 400: errorResponses[400], 404: errorResponses[404] },
});

export const flashSaleRoutes = newRouter()
  .openapi(listSales, async (c) => {
    const now = Date.now();
    const items = await listFlashSales(c.env, c.var.db(), c.req.valid('query').status, now);
    return c.json({ serverNow: new Date(now).toISOString(), items }, 200);
  })
  .openapi(getSale, async (c) => {
    const now = Date.now();
    return c.json({ serverNow: new Date(now).toISOString(), flashSale: await getFlashSale(c.env, c.req.valid('param').id, now) }, 200);
  });
