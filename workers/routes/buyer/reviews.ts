import { createRoute, z } from '@hono/zod-openapi';
import { ReviewBody, ReviewListQuery, ReviewPageSchema, ReviewSchema } from '../../../shared/buyers/buyer-schemas';
import { IdSchema } from '../../../shared/schemas';
import { hideReview, createReview, listReviews } from '../../services/buyers/reviews';
import { asBuyer, asOps, errorResponses, guardedErrors, isPublic, json, jsonBody, newRouter } from '../router';

const IdParam = z.object({ id: IdSchema });

const create = createRoute({
  method: 'post',
  path: '/api/products/{id}/reviews',
  tags: ['buyers'],
  summary: 'Review a product',
  operationId: 'createReview',
  description: 'Only a buyer with a delivered or completed order of the product (403 otherwise); one review per buyer and product (409).',
  ...asBuyer,
  request: { params: IdParam, body: jsonBody(ReviewBody) },
  responses: { 201: json(z.object({ review: ReviewSchema })), ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] },
});

const list = createRoute({
  method: 'get',
  path: '/api/products/{id}/reviews',
  tags: ['catalog'],
  summary: "List a product's reviews",
  operationId: 'listReviews',
  ...isPublic,
  description: 'Visible reviews, newest first, with the average rating and count of all visible reviews.',
  request: { params: IdParam, query: ReviewListQuery },
  responses: { 200: json(ReviewPageSchema), 400: errorResponses[400], 404: errorResponses[404] },
});

const hide = createRoute({
  method: 'post',
  path: '/api/ops/reviews/{id}/hide',
  tags: ['ops'],
  summary: 'Hide or show a review',
  operationId: 'hideReview',
  description: 'Hides a review from the product pages and the list (hidden: false shows it again).',
  ...asOps,
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: z.object({ hidden: z.boolean().default(true) }) } } } },
  responses: { 200: json(z.object({ review: z.object({ id: z.string(), productId: z.string(), hidden: z.boolean() }) })), ...guardedErrors, 404: errorResponses[404] },
});

export const reviewRoutes = newRouter()
  .openapi(create, async (c) => c.json({ review: await createReview(c.env, c.var.db(), c.var.buyerEmail!, c.req.valid('param').id, c.req.valid('json')) }, 201))
  .openapi(list, async (c) => c.json(await listReviews(c.env, c.var.db, c.req.valid('param').id, c.req.valid('query')), 200))
  .openapi(hide, async (c) => {
    const body = (c.req.valid('json') as { hidden?: boolean } | undefined) ?? {};
    const out = await hideReview(c.env, c.var.db(), c.req.valid('param').id, body.hidden ?? true, c.var.session!.sub);
    return c.json({ review: out.review }, 200);
  });
