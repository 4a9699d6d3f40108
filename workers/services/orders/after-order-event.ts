// Once a payment event (or an after-sale's refund) has committed, the objects that keep their own
// state learn of the order as it now stands: its group's seat and its promotions' objects (a
// purchase limit's count). Both are idempotent, so this runs for replayed events too, and a
// notification that failed heals on the provider's retry.
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { findOrderRecord } from '../../storage/orders/orders-repo';
import { syncGroupSeat } from '../groups/groups';
import { hasPromotion, promotionTargetOf, promotionsAfterMove } from '../promotions/order-effects';

export async function afterOrderEvent(env: AppEnv, db: Db, event: { type: string; orderId: string }): Promise<void> {
  const rec = await findOrderRecord(db, event.orderId);
  if (!rec) return;
  await syncGroupSeat(env, rec, event);
  const to = promotionTargetOf(rec.order.status);
  if (to && hasPromotion(rec.order)) await promotionsAfterMove(env, rec.order, to, rec.items);
}
