// The rules of a coupon that need no storage: what it takes off, which lines it covers, the
// window a claim may be used in, and the state a buyer sees.
import type { BuyerCouponState, CouponDiscount, CouponScope, CouponValidity } from './coupon-schemas';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The discount on an in-scope subtotal, in fen: a fixed amount or a percentage (rounded down,
 * capped by maxDiscount), never more than that subtotal, so no line can go below 0.
 */
export function couponDiscountAmount(d: CouponDiscount, inScopeSubtotal: number): number {
  const raw = d.kind === 'amount' ? d.amount.amount : Math.floor((inScopeSubtotal * d.percentOff) / 100);
  const capped = d.kind === 'percent' && d.maxDiscount ? Math.min(raw, d.maxDiscount.amount) : raw;
  return Math.max(0, Math.min(capped, inScopeSubtotal));
}

/** Every variant of a product is covered when its product or its category is. */
export function inCouponScope(scope: CouponScope, line: { productId: string; category: string }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'category') return scope.categories.includes(line.category);
  return scope.productIds.includes(line.productId);
}

/** The window fixed at claim time: the coupon's own dates, or `days` from the claim. */
export function claimWindow(v: CouponValidity, claimedAt: number): { validFrom: number; validUntil: number } {
  if (v.kind === 'fixed') return { validFrom: Date.parse(v.startsAt), validUntil: Date.parse(v.endsAt) };
  return { validFrom: claimedAt, validUntil: claimedAt + v.days * DAY_MS };
}

/** A coupon may be claimed until its fixed window ends; inside it only, when it has one. */
export function claimableAt(v: CouponValidity, now: number): boolean {
  return v.kind === 'after_claim' || (Date.parse(v.startsAt) <= now && now < Date.parse(v.endsAt));
}

/**
 * What the buyer sees. A lock lapses with the reservation of an order that was never written
 * (`orderWritten` false past `lockedUntil`): the claim is free again. Unused past its window is
 * expired; locked and used stay what they are, whatever the date.
 */
export function shownCouponState(
  c: { state: 'unused' | 'locked' | 'used'; validUntil: Date; lockedUntil: Date | null },
  orderWritten: boolean,
  now: number,
): BuyerCouponState {
  const lapsedLock = c.state === 'locked' && !orderWritten && (c.lockedUntil?.getTime() ?? 0) <= now;
  const state = lapsedLock ? 'unused' : c.state;
  if (state === 'unused' && c.validUntil.getTime() <= now) return 'expired';
  return state;
}
