// Carries out what a GroupBuy object decided, in Postgres, the Stock objects and the payment
// provider. Every step is keyed on a natural id and checks the current state first, so the
// object's outbox can replay any of them (alarms are at-least-once) without a second effect.
import { snapshotGroup } from '../../../shared/groups/group-snapshot';
import { paidCount } from '../../../shared/groups/group-state';
import { refundableStatuses, transitionOrder, type OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { GroupOutboxItem, GroupRecord } from '../../objects/group-buy-types';
import type { Db } from '../../storage/db';
import { upsertGroupRow } from '../../storage/groups/groups-repo';
import { findOrderRecord, type OrderRecord } from '../../storage/orders/orders-repo';
import { lineStockRef, type NewGroupRow } from '../../storage/schema';
import { publishGroupListing } from '../catalog/group-listings';
import { moveOrder } from './orders';
import { refundOrder } from './payments';
import { releaseStock } from '../catalog/stock';
import { promotionsAfterMove } from '../promotions/order-effects';

export function groupRow(rec: GroupRecord): NewGroupRow {
  const s = rec.state;
  const decided = rec.decidedAt !== null ? new Date(rec.decidedAt) : null;
  return {
    id: s.id,
    productId: s.productId,
    leaderOrderId: rec.leaderOrderId,
    size: s.size,
    priceAmount: rec.priceAmount,
    autoFillPercent: rec.autoFillPercent,
    expiresAt: new Date(s.expiresAt),
    status: s.status,
    autoFilled: s.autoFilled,
    members: paidCount(s),
    succeededAt: s.status === 'succeeded' ? decided : null,
    failedAt: s.status === 'failed' ? decided : null,
  };
}

const isRefundable = (s: OrderStatus) => (refundableStatuses as readonly OrderStatus[]).includes(s);
const linesOf = (rec: OrderRecord) => rec.items.map(lineStockRef);

/**
 * Money for a seat the group cannot honour goes back through the provider, and the unit
 * returns to stock (nothing was shipped). A payment the webhook already voided is left alone.
 */
async function refundSeat(env: AppEnv, db: Db, rec: OrderRecord): Promise<void> {
  const pay = rec.payment?.status;
  if (isRefundable(rec.order.status) && pay !== 'refunded') {
    // Once owed, the refund is Postgres's to retry (the minute cron): the group need not wait on the provider.
    await refundOrder({ env, db }, rec.order.id, { owedIsEnough: true, reason: 'group_failed' });
  }
  await releaseStock(env, rec.order.id, linesOf(rec), { includeCommitted: true });
}

export async function runGroupItem(env: AppEnv, db: () => Db, group: GroupRecord, item: GroupOutboxItem): Promise<void> {
  switch (item.type) {
    case 'publish':
      return publishGroupListing(env, snapshotGroup(group.state));
    case 'sync_group':
      return upsertGroupRow(db(), groupRow(group));
    case 'confirm_orders': {
      // The group row and its orders land together; moveOrder skips any order already past awaiting_group.
      const to = transitionOrder('awaiting_group', { type: 'group_succeeded' });
      await db().transaction(async (tx) => {
        await upsertGroupRow(tx, groupRow(group));
        for (const id of item.orderIds) await moveOrder(tx, id, 'awaiting_group', to);
      });
      return;
    }
    case 'refund_order': {
      const rec = await findOrderRecord(db(), item.orderId);
      if (rec && rec.order.groupId === group.state.id) await refundSeat(env, db(), rec);
      return;
    }
    case 'cancel_order': {
      const rec = await findOrderRecord(db(), item.orderId);
      // Only this group's order: a seat taken here by a stray attempt of an order created in
      // another group (or with no group) must not cancel or refund that order when it lapses.
      if (!rec || rec.order.groupId !== group.state.id) return;
      if (rec.order.status === 'pending_payment') {
        const moved = await moveOrder(db(), rec.order.id, 'pending_payment', transitionOrder('pending_payment', { type: 'cancel' }));
        // Before its reservation ends: what it counted against a purchase limit goes back now.
        if (moved) await promotionsAfterMove(env, rec.order, 'cancelled', rec.items);
      } else if (rec.order.status === 'awaiting_group') {
        // Paid, but the seat lapsed before the object heard of the payment: it cannot be honoured.
        return refundSeat(env, db(), rec);
      }
      // A payment racing the cancel commits its units first; only held units go back here.
      await releaseStock(env, rec.order.id, linesOf(rec));
      return;
    }
  }
}
