// Coupons (优惠券), API.md v3 "Coupons": the bodies and views shared by the Worker and the pages.
import { z } from 'zod';
import { IdSchema, MoneySchema } from '../schemas';

const Instant = z.string().datetime({ offset: true });

export const CouponDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amount: MoneySchema.refine((m) => m.amount >= 1, 'a discount of at least 0.01') }),
  z.object({ kind: z.literal('percent'), percentOff: z.number().int().min(1).max(90), maxDiscount: MoneySchema.optional() }),
]);
export type CouponDiscount = z.infer<typeof CouponDiscount>;

export const CouponScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('category'), categories: z.array(z.string().trim().min(1).max(60)).min(1).max(50) }),
  z.object({ kind: z.literal('products'), productIds: z.array(IdSchema).min(1).max(200) }),
]);
export type CouponScope = z.infer<typeof CouponScope>;

export const CouponValidity = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('fixed'), startsAt: Instant, endsAt: Instant })
    .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] }),
  z.object({ kind: z.literal('after_claim'), days: z.number().int().min(1).max(365) }),
]);
export type CouponValidity = z.infer<typeof CouponValidity>;

export const CouponCreateBody = z.object({
  title: z.string().trim().min(1).max(60),
  discount: CouponDiscount,
  minSpend: MoneySchema,
  scope: CouponScope,
  totalCount: z.number().int().min(1).max(10_000_000).nullable(),
  perBuyerLimit: z.number().int().min(1).max(100).default(1),
  validity: CouponValidity,
});
export type CouponCreate = z.infer<typeof CouponCreateBody>;

export const CouponPatchBody = z
  .object({ active: z.boolean().optional(), totalCount: z.number().int().min(1).max(10_000_000).nullable().optional() })
  .refine((b) => b.active !== undefined || b.totalCount !== undefined, 'nothing to change: send active or totalCount');
export type CouponPatch = z.infer<typeof CouponPatchBody>;

/** What anyone may see of a claimable coupon (GET /api/coupons). */
export const PublicCouponSchema = z.object({
  id: z.string(),
  title: z.string(),
  discount: CouponDiscount,
  minSpend: MoneySchema,
  scope: CouponScope,
  remaining: z.number().int().nullable(),
  validity: CouponValidity,
  perBuyerLimit: z.number().int(),
});
export type PublicCoupon = z.infer<typeof PublicCouponSchema>;

/** The ops view: the definition with its counts. */
export const OpsCouponSchema = PublicCouponSchema.extend({
  totalCount: z.number().int().nullable(),
  active: z.boolean(),
  claimed: z.number().int(),
  used: z.number().int(),
  createdAt: z.string(),
});
export type OpsCoupon = z.infer<typeof OpsCouponSchema>;

export const BUYER_COUPON_STATES = ['unused', 'locked', 'used', 'expired'] as const;
export type BuyerCouponState = (typeof BUYER_COUPON_STATES)[number];

export const BuyerCouponSchema = z.object({
  id: z.string(),
  couponId: z.string(),
  title: z.string(),
  state: z.enum(BUYER_COUPON_STATES),
  validFrom: z.string(),
  validUntil: z.string(),
  orderId: z.string().optional(),
  discount: CouponDiscount,
  minSpend: MoneySchema,
  scope: CouponScope,
});
export type BuyerCouponView = z.infer<typeof BuyerCouponSchema>;

export const ClaimedCouponSchema = z.object({
  id: z.string(),
  couponId: z.string(),
  state: z.literal('unused'),
  validFrom: z.string(),
  validUntil: z.string(),
});
export type ClaimedCoupon = z.infer<typeof ClaimedCouponSchema>;

export const CouponIdParam = z.object({ id: IdSchema });
