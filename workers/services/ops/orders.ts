// What ops do with orders, for the console and the ops JSON API alike: search, one order with its
// ledger, and ship/deliver/refund, each recorded in the audit log with the order before and after.
import type { OrderView } from '../../../shared/orders/order-schemas';
import type { LedgerLine } from '../../../shared/ledger/ledger-schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { orderLedgerEntries, searchOrderRows, type OrderSearch } from '../../storage/ops/search-repo';
import { findItemsForOrders, findPaymentsForOrders, type Tx } from '../../storage/orders/orders-repo';
import type { OrderRow } from '../../storage/schema';
import { recordAudit } from '../trust/audit';
import { advanceOrder, getOrderRecordOrThrow, toOrderView } from '../orders/orders';
import { refundOrder } from '../orders/payments';
import { OPS_PAGE_SIZE } from './products';

export async function searchOpsOrders(db: Db, f: Omit<OrderSearch, 'limit' | 'offset'> & { page: number }) {
  const rows = await searchOrderRows(db, { ...f, limit: OPS_PAGE_SIZE + 1, offset: (f.page - 1) * OPS_PAGE_SIZE });
  const page = rows.slice(0, OPS_PAGE_SIZE);
  const ids = page.map((r) => r.id);
  const [items, pays] = await Promise.all([findItemsForOrders(db, ids), findPaymentsForOrders(db, ids)]);
  return {
    items: page.map((order) => toOrderView({ order, items: items.filter((i) => i.orderId === order.id), payment: pays.find((p) => p.orderId === order.id) })),
    hasMore: rows.length > OPS_PAGE_SIZE,
  };
}

export type { LedgerLine };

export async function getOpsOrderDetail(db: Db, id: string): Promise<{ order: OrderView; ledger: LedgerLine[] }> {
  const [rec, entries] = await Promise.all([getOrderRecordOrThrow(db, id), orderLedgerEntries(db, id)]);
  return {
    order: toOrderView(rec),
    ledger: entries.map((e) => ({ seq: e.seq, kind: e.kind, sellerId: e.sellerId, handle: e.handle, level: e.level, amount: e.amount, createdAt: e.createdAt.toISOString() })),
  };
}

export type OrderAction = 'ship' | 'deliver' | 'confirm' | 'complete' | 'refund';

const orderSummary = (o: Pick<OrderRow, 'status' | 'carrier' | 'trackingNumber' | 'refundRequestedAt'>) => ({
  status: o.status,
  ...(o.carrier && o.trackingNumber ? { shipment: { carrier: o.carrier, trackingNumber: o.trackingNumber } } : {}),
  ...(o.refundRequestedAt ? { refundRequested: true } : {}),
});

/**
 * Moves an order through the same verbs for the console and the API (moveOrder underneath),
 * with its audit entry in the transaction that makes the change. A refund's change is the
 * refund being owed: the order turns `refunded` later, when the provider's event arrives.
 */
export async function actOnOrderAsOps(
  deps: { env: AppEnv; db: Db },
  actor: string,
  id: string,
  action: OrderAction,
  input: { carrier?: string; trackingNumber?: string } = {},
): Promise<OrderView> {
  const audit = (tx: Tx, before: OrderRow, after: Parameters<typeof orderSummary>[0]) =>
    recordAudit(tx, { actor, action: `order.${action}`, target: `order:${id}`, before: orderSummary(before), after: orderSummary(after) }).then(() => {});
  const rec =
    action === 'refund'
      ? await refundOrder(deps, id, { reason: 'ops_refund', inTx: (tx, before) => audit(tx, before.order, { ...before.order, refundRequestedAt: new Date() }) })
      : await advanceOrder(
          deps.db,
          id,
          { type: action },
          action === 'ship' ? { carrier: input.carrier ?? '', trackingNumber: input.trackingNumber ?? '' } : {},
          audit,
        );
  return toOrderView(rec);
}
