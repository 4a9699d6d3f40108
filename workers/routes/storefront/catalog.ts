import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema, ProductCreateBody, ProductListQuery, ProductPatchBody, ProductSchema } from '../../../shared/schemas';
import { OptionalIdempotencyHeaders } from '../../../shared/orders/order-schemas';
import { getProductDetail, listProducts } from '../../services/catalog/catalog';
import { createProductAsOps, updateProductAsOps } from '../../services/ops/products';
import { errorResponses, json, jsonBody, newRouter, asOps, guardedErrors, isPublic } from '../router';

const ProductEnvelope = z.object({ product: ProductSchema });
const IdParam = z.object({ id: IdSchema });

const list = createRoute({
  method: 'get',
  path: '/api/products',
  tags: ['catalog'],
  summary: 'List products on sale',
  operationId: 'listProducts',
  ...isPublic,
  request: { query: ProductListQuery },
  responses: { 200: json(z.object({ items: z.array(ProductSchema), nextCursor: z.string().nullable() })), 400: errorResponses[400] },
});

const get = createRoute({
  method: 'get',
  path: '/api/products/{id}',
  tags: ['catalog'],
  summary: 'Get a product',
  operationId: 'getProduct',
  description:
    'The product with live availability: `options`, `variants` (each with `stockAvailable`; a product without options has one default variant whose id is the product id) and `priceRange`. `price` is the lowest variant price. `limits` (限购) and `groupBuy.leaderPrice` (团长价) when set.',
  ...isPublic,
  request: { params: IdParam },
  responses: { 200: json(ProductEnvelope), 400: errorResponses[400], 404: errorResponses[404] },
});

const create = createRoute({
  method: 'post',
  path: '/api/ops/products',
  tags: ['ops'],
  summary: 'Create a product',
  operationId: 'createProduct',
  description:
    'With `options` (at most 3 of at most 20 values) the product is sold as its `variants` (at most 100, each combination once, each with an absolute `stock`); `price` and `stock` are then derived (lowest price, total stock) and may be left out. A combination listed twice or an unknown option value is 400 `invalid_input`. `limits: { perOrder?: 1..99, perBuyer?: 1..999 }` sets purchase limits (all variants count together); `groupBuy.leaderPrice` is what the buyer who opens a group pays, at most the group price (400 otherwise).',
  ...asOps,
  request: { body: jsonBody(ProductCreateBody) },
  responses: { 201: json(ProductEnvelope, 'Created'), ...guardedErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/ops/products/{id}',
  tags: ['ops'],
  summary: 'Change a product',
  operationId: 'updateProduct',
  description:
    'Changes any product field. `stock` sets the total on sale; `stockDelta` adds to it (negative removes). `groupBuy: null` removes the offer; `limits: null` removes the purchase limits. `variants` lists every variant the product keeps: one with `id` (or with the combination of an existing one) is changed, its `stock` absolute or `stockDelta` a delta; one without is new; an unlisted variant is deleted, or deactivated if it has sold. A product with options takes stock changes per variant only. Send an `Idempotency-Key` to make a retry safe: a change already applied under that key is not applied again (its stock is re-synced); the same key with another body is 422 `idempotency_mismatch`. Recorded in the audit log (`product.update`) in the same transaction as the change.',
  ...asOps,
  request: { params: IdParam, headers: OptionalIdempotencyHeaders, body: jsonBody(ProductPatchBody) },
  responses: {
    200: json(ProductEnvelope),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
    409: errorResponses[409],
    422: { description: 'idempotency_mismatch', content: errorResponses[400].content },
  },
});

export const catalogRoutes = newRouter()
  .openapi(list, async (c) => c.json(await listProducts(c.var.db(), c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json({ product: await getProductDetail(c.env, c.var.db, c.req.valid('param').id) }, 200))
  .openapi(create, async (c) => c.json({ product: await createProductAsOps(c.env, c.var.db(), c.var.session!.sub, c.req.valid('json')) }, 201))
  .openapi(patch, async (c) =>
    c.json(
      { product: await updateProductAsOps(c.env, c.var.db(), c.var.session!.sub, c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key']) },
      200,
    ),
  );
