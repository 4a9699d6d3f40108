import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { BuyerCouponSchema, ClaimedCouponSchema, CouponIdParam, PublicCouponSchema } from '../../../shared/promotions/coupon-schemas';
import { bearer, type Ctx } from '../../middleware';
import { readBuyerSession } from '../../services/identity/sessions';
import { BUYER_COOKIE } from '../../services/identity/tokens';
import { claimCoupon, listClaimableCoupons, listMyCoupons } from '../../services/promotions/coupons';
import { asBuyer, errorResponses, guardedErrors, isPublic, json, newRouter } from '../router';
import type { Context } from 'hono';

/**
 * The signed-in buyer on a route open to anyone (POST /api/orders with a coupon): the bearer token
 * when it is a buyer's, else the buyer cookie. Anything else is no buyer.
 */
export async function buyerEmailOf(c: Context<Ctx>): Promise<string | undefined> {
  for (const token of [bearer(c.req.header('authorization')), getCookie(c, BUYER_COOKIE)]) {
    const claims = token ? await readBuyerSession(c.env, token) : undefined;
    if (claims) return claims.sub;
  }
  return undefined;
}

const list = createRoute({
  method: 'get',
  path: '/api/coupons',
  tags: ['coupons'],
  summary: 'The coupons that can be claimed now',
  operationId: 'listCoupons',
  ...isPublic,
  description: 'Active coupons, not exhausted and (with fixed validity) inside their window. `remaining` is null when unlimited.',
  responses: { 200: json(z.object({ items: z.array(PublicCouponSchema) })) },
});

const claim = createRoute({
  method: 'post',
  path: '/api/coupons/{id}/claim',
  tags: ['coupons'],
  summary: 'Claim a coupon',
  operationId: 'claimCoupon',
  ...asBuyer,
  description:
    'Decided by the coupon\'s own object: exactly totalCount claims succeed under any concurrency, and no buyer holds more than perBuyerLimit. None left → 409 coupon_exhausted; over the limit → 409 limit_reached; stopped or outside its fixed window → 409 coupon_not_applicable. Refusals cost no database statement.',
  request: { params: CouponIdParam },
  responses: { 201: json(z.object({ buyerCoupon: ClaimedCouponSchema }), 'Claimed'), ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] },
});

const mine = createRoute({
  method: 'get',
  path: '/api/buyer/coupons',
  tags: ['coupons'],
  summary: "The signed-in buyer's coupons",
  operationId: 'listMyCoupons',
  ...asBuyer,
  description: '`state` is unused, locked (on an unpaid order), used or expired (unused past its validity).',
  responses: { 200: json(z.object({ items: z.array(BuyerCouponSchema) })), ...guardedErrors },
});

export const couponRoutes = newRouter()
  .openapi(list, async (c) => c.json({ items: await listClaimableCoupons(c.var.db()) }, 200))
  .openapi(claim, async (c) => c.json({ buyerCoupon: await claimCoupon(c.env, () => c.var.db(), c.req.valid('param').id, c.var.buyerEmail!) }, 201))
  .openapi(mine, async (c) => c.json({ items: await listMyCoupons(c.var.db(), c.var.buyerEmail!) }, 200));
