// A coupon at checkout (API.md v3 "Coupons"): the signed-in owner's claim, on a plain order,
// locked to the order in one conditional statement, so two concurrent orders never both get it.
//
// Why the lock lapses rather than being given back: checkout can still fail after this step (the
// payment provider or Postgres), and a give-back that runs then can itself fail. So the lock
// carries the order's reservation end (lockedUntil = expiresAt), and a lock past it whose order
// was never written counts as unused: when it is read (shownCouponState) and when another order
// takes it (lockBuyerCoupon). A written order's lock lasts until the order moves: paid → used,
// cancelled, lapsed or refunded in full → unused (coupon-moves.ts). A retry of the same order
// (same order id) takes its own lock again.
import { ApiError } from '../../../shared/errors';
import { couponDiscountAmount, inCouponScope, shownCouponState } from '../../../shared/promotions/coupon-rules';
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { Db } from '../../storage/db';
import { findBuyerCoupon, lockBuyerCoupon, unlockUnwritten } from '../../storage/promotions/coupons-repo';

// What this needs of checkout-promotions' PromotionRequest and gives as its TakenPromotion,
// spelled out here so the dispatcher can import this file without a cycle.
interface CouponRequest {
  db: () => Db;
  orderId: string;
  body: Pick<OrderCreate, 'coupon' | 'buyer'>;
  lines: { productId: string; product: { category: string } }[];
  expiresAt: number;
  buyerEmail?: string;
}
interface CouponTaken {
  discount: { amount: number; appliesTo: boolean[] };
  orderColumns: { buyerCouponId: string };
  giveBack: () => Promise<void>;
}

const notApplicable = (why: string) => new ApiError('coupon_not_applicable', why);
const notYours = () => new ApiError('forbidden', 'A coupon can be used only by the signed-in buyer who claimed it, ordering with their own email.');

/** Two statements: the claim with its coupon, and the lock. Refusals before the lock change nothing. */
export async function takeCoupon(req: CouponRequest, lineAmounts: number[]): Promise<CouponTaken> {
  const id = req.body.coupon!;
  const email = req.buyerEmail?.trim().toLowerCase();
  if (!email || req.body.buyer.email.trim().toLowerCase() !== email) throw notYours();
  const db = req.db();
  const found = await findBuyerCoupon(db, id);
  // Someone else's claim answers as an unknown one would: its existence is not told.
  if (!found || found.k.buyerEmail !== email) throw notYours();
  const { k, c, orderWritten } = found;
  const now = Date.now();
  const ownRetry = k.state === 'locked' && k.orderId === req.orderId;
  if (!ownRetry && shownCouponState(k, orderWritten, now) !== 'unused') throw notApplicable('This coupon is already used, locked on another order, or expired.');
  if (now < k.validFrom.getTime() || now >= k.validUntil.getTime()) throw notApplicable('This coupon is outside its validity.');
  const appliesTo = req.lines.map((l) => inCouponScope(c.scope, { productId: l.productId, category: l.product.category }));
  const inScope = lineAmounts.reduce((s, a, i) => s + (appliesTo[i] ? a : 0), 0);
  if (inScope === 0) throw notApplicable('No item in this order is covered by the coupon.');
  if (inScope < c.minSpendAmount) throw notApplicable(`The items the coupon covers must come to at least ${c.minSpendAmount} fen.`);
  const amount = couponDiscountAmount(c.discount, inScope);
  if (amount <= 0) throw notApplicable('The coupon takes nothing off this order.');
  const locked = await lockBuyerCoupon(db, { id, buyerEmail: email, orderId: req.orderId, lockedUntil: new Date(req.expiresAt), now: new Date(now) });
  if (!locked) throw notApplicable('This coupon was just used on another order.');
  return {
    discount: { amount, appliesTo },
    orderColumns: { buyerCouponId: id },
    giveBack: () => unlockUnwritten(db, id, req.orderId),
  };
}
