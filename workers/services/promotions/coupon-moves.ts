// A claimed coupon follows its order (API.md v3 "Coupons"), in the transaction that moves it:
// paid (or into a group, paid) → used; cancelled, lapsed or refunded in full → unused again, and
// shown as expired when past its window. A partial refund leaves the status, so the coupon stays used.
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { Tx } from '../../storage/orders/orders-repo';
import { moveBuyerCoupon } from '../../storage/promotions/coupons-repo';

export async function couponOnMove(tx: Tx, buyerCouponId: string, orderId: string, to: OrderStatus): Promise<void> {
  if (to === 'paid' || to === 'awaiting_group') await moveBuyerCoupon(tx, buyerCouponId, orderId, 'used');
  else if (to === 'cancelled' || to === 'refunded') await moveBuyerCoupon(tx, buyerCouponId, orderId, 'unused');
}
