// Where an order's moves reach its promotions. Two doors, both no-ops for an order without one
// (so a plain order pays no statement and no object call for them):
// - promotionsOnMove runs inside the transaction that moves the order (moveOrder): the Postgres
//   side, such as a claimed coupon going locked → used, or back to unused on a cancel, a lapse
//   or a full refund (status `refunded`; a partial refund keeps the status and the coupon used).
// - promotionsAfterMove runs once the move has committed, where the caller has the environment
//   (payments, after-sales): the objects' side, such as a purchase limit's count or a bargain's
//   purchase. Each object call is idempotent, keyed on the order id, so a retried webhook or a
//   crash between the two doors repeats nothing. A lapse needs no call: an unpaid order's holds
//   on those objects expire at its reservation's end, like its Stock hold.
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { Tx } from '../../storage/orders/orders-repo';
import type { OrderRow } from '../../storage/schema';
import { limitsAfterMove, type LimitLine } from './limits-effects';
import { bargainAfterMove } from './bargain-effects';
import { couponOnMove } from './coupon-moves';

/** The statuses whose arrival changes an order's promotions. */
export const PROMOTION_TARGETS: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['paid', 'awaiting_group', 'cancelled', 'refunded']);

type PromotedOrder = Pick<OrderRow, 'buyerCouponId' | 'flashSaleId' | 'bargainId' | 'purchaseLimited'>;

export const hasPromotion = (o: PromotedOrder): boolean => o.buyerCouponId !== null || o.flashSaleId !== null || o.bargainId !== null || o.purchaseLimited;

/** In the transaction that moves the order. */
export async function promotionsOnMove(tx: Tx, order: OrderRow, from: OrderStatus, to: OrderStatus): Promise<void> {
  if (from === to || !hasPromotion(order) || !PROMOTION_TARGETS.has(to)) return;
  if (order.buyerCouponId) await couponOnMove(tx, order.buyerCouponId, order.id, to);
}

/**
 * After the move committed: `to` is the status the order arrived at (callers that heal a retry
 * pass `paid` for any status past payment, see promotionTargetOf). `lines` are the order's.
 */
export async function promotionsAfterMove(env: AppEnv, order: OrderRow, to: OrderStatus, lines: readonly LimitLine[]): Promise<void> {
  if (!hasPromotion(order) || !PROMOTION_TARGETS.has(to)) return;
  await limitsAfterMove(env, order, to, lines);
  if (order.bargainId) await bargainAfterMove(env, order, to);
}

/** The promotions' view of an order's current status: anything past payment is `paid`; null when nothing follows. */
export function promotionTargetOf(status: OrderStatus): OrderStatus | null {
  if (PROMOTION_TARGETS.has(status)) return status;
  return status === 'pending_payment' ? null : 'paid';
}
