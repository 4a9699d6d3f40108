import { createRoute, z } from '@hono/zod-openapi';
import { CouponCreateBody, CouponIdParam, CouponPatchBody, OpsCouponSchema } from '../../../../shared/promotions/coupon-schemas';
import { createCoupon, listOpsCoupons, patchCoupon } from '../../../services/promotions/coupons';
import { asOps, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../../router';

const one = json(z.object({ coupon: OpsCouponSchema }));

const create = createRoute({
  method: 'post',
  path: '/api/ops/coupons',
  tags: ['ops'],
  summary: 'Create a coupon',
  operationId: 'createCoupon',
  ...asOps,
  description: 'A coupon buyers claim and use at checkout. Audited.',
  request: { body: jsonBody(CouponCreateBody) },
  responses: { 201: { ...one, description: 'Created' }, ...guardedErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/ops/coupons/{id}',
  tags: ['ops'],
  summary: 'Stop a coupon or raise its count',
  operationId: 'updateCoupon',
  ...asOps,
  description: '`active: false` stops new claims (claimed coupons stay usable); `totalCount` can only go up (null = unlimited), else 409 conflict. Claims already made are never touched. Audited.',
  request: { params: CouponIdParam, body: jsonBody(CouponPatchBody) },
  responses: { 200: one, ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] },
});

const list = createRoute({
  method: 'get',
  path: '/api/ops/coupons',
  tags: ['ops'],
  summary: 'Every coupon with its claimed and used counts',
  operationId: 'listOpsCoupons',
  ...asOps,
  responses: { 200: json(z.object({ items: z.array(OpsCouponSchema) })), ...guardedErrors },
});

const actor = (c: { var: { session?: { sub: string } } }) => c.var.session!.sub;

export const opsCouponRoutes = newRouter()
  .openapi(create, async (c) => c.json({ coupon: await createCoupon(c.env, c.var.db(), actor(c), c.req.valid('json')) }, 201))
  .openapi(patch, async (c) => c.json({ coupon: await patchCoupon(c.env, c.var.db(), actor(c), c.req.valid('param').id, c.req.valid('json')) }, 200))
  .openapi(list, async (c) => c.json({ items: await listOpsCoupons(c.var.db()) }, 200));
