// After-sales (售后, API.md v3): the buyer asks for a refund before shipping (answered at once)
// or a return within RETURN_DAYS of delivery (ops approve or reject, the buyer ships it back,
// ops receive it). One open after-sale per order. Money, ledger and order move together in
// after-sale-refund.ts; ops' steps are in ops-after-sales.ts.
import { afterSaleBlock, returnDays, returnDeadline, type AfterSaleBlock, type AfterSaleKind } from '../../../shared/orders/after-sale-state';
import type { AfterSaleCreate, AfterSalePanel, AfterSaleView } from '../../../shared/orders/after-sale-schemas';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import { withDb, type Db } from '../../storage/db';
import { isUniqueViolation } from '../../storage/db';
import { findAfterSale, findUnrestocked, hasOpenAfterSale, insertAfterSale, listAfterSalesOfBuyer, listOrderAfterSales, moveAfterSaleRow, type AfterSaleRecord } from '../../storage/aftersales/after-sales-repo';
import { findOrderRecord } from '../../storage/orders/orders-repo';
import { findOrderLines, lockOrderForRefund } from '../../storage/orders/refund-lines-repo';
import { findOrderRefundRequests } from '../../storage/orders/refunds-repo';
import type { OrderItemRow, OrderRow } from '../../storage/schema';
import { queueAfterSaleEmail } from '../email/emails';
import { sendOwedRefund, type PaymentDeps } from '../orders/payments';
import { afterOrderEvent } from '../orders/after-order-event';
import { priceLines, refundAfterSaleLines, restockAfterSale } from './after-sale-refund';

export const returnDaysOf = (env: Pick<AppEnv, 'RETURN_DAYS'>) => returnDays(env.RETURN_DAYS);

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function toAfterSaleView(r: AfterSaleRecord, refund: 'owed' | 'requested' | 'settled' | null = null): AfterSaleView {
  const a = r.afterSale;
  return {
    id: a.id,
    orderId: a.orderId,
    kind: a.kind,
    lines: r.lines.map((l) => ({ productId: l.productId, ...(l.title ? { title: l.title } : {}), quantity: l.quantity, amount: { amount: l.amount, currency: 'CNY' } })),
    amount: { amount: a.amount, currency: 'CNY' },
    status: a.status,
    reason: a.reason,
    note: a.note,
    rejectReason: a.rejectReason,
    returnShipment: a.carrier && a.trackingNumber ? { carrier: a.carrier, trackingNumber: a.trackingNumber } : null,
    refund: a.status === 'refunded' ? refund : null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** Views with the provider's side of each refund (from the refund outbox). */
export async function afterSaleViews(db: Db, recs: AfterSaleRecord[]): Promise<AfterSaleView[]> {
  const orderIds = [...new Set(recs.map((r) => r.afterSale.orderId))];
  const owed = (await Promise.all(orderIds.map((id) => findOrderRefundRequests(db, id)))).flat();
  return recs.map((r) => toAfterSaleView(r, owed.find((o) => o.afterSaleId === r.afterSale.id)?.state ?? null));
}

/** Why this order can't take an after-sale of this kind now (null: it can). */
export function blockOf(order: OrderRow, items: OrderItemRow[], hasOpen: boolean, kind: AfterSaleKind, days: number, now: Date): AfterSaleBlock | null {
  return afterSaleBlock(
    {
      status: order.status,
      deliveredAt: order.deliveredAt,
      refundRequested: order.refundRequestedAt !== null,
      allRefunded: items.every((i) => i.refundedQuantity >= i.quantity),
      hasOpen,
    },
    kind,
    now,
    days,
  );
}

const BLOCK_TEXT: Record<AfterSaleBlock, string> = {
  not_paid: 'This order is not paid.',
  group_pending: 'This group order waits for its group; if the group fails, everything is refunded.',
  shipped_use_return: 'This order has shipped: ask for a return once it is delivered.',
  not_delivered: 'A return can be asked for once the order is delivered.',
  window_passed: 'The return window after delivery has passed.',
  fully_refunded: 'Every line of this order is already refunded.',
  refunded: 'This order is refunded.',
  open: 'This order already has an open after-sale.',
};

/** The buyer's own order, or 404 (another buyer's order is not theirs to see). */
async function buyersOrder(db: Db, buyerEmail: string, orderId: string) {
  const rec = await findOrderRecord(db, orderId);
  if (!rec || !sameEmail(rec.order.buyerEmail, buyerEmail)) throw new ApiError('not_found', 'No such order.');
  return rec;
}

export async function createAfterSale(deps: PaymentDeps, buyerEmail: string, orderId: string, body: AfterSaleCreate, now = new Date()): Promise<AfterSaleView> {
  const { db, env } = deps;
  await buyersOrder(db, buyerEmail, orderId);
  const id = newId('r');
  let created: AfterSaleRecord;
  try {
    created = await db.transaction(async (tx) => {
      // The order's row lock serialises asks, decisions and ops refunds of this order.
      const order = await lockOrderForRefund(tx, orderId);
      if (!order) throw new ApiError('not_found', 'No such order.');
      const items = await findOrderLines(tx, orderId);
      const block = blockOf(order, items, await hasOpenAfterSale(tx, orderId), body.kind, returnDaysOf(env), now);
      if (block) throw new ApiError('conflict', BLOCK_TEXT[block]);
      const lines = priceLines(items, body.lines);
      const amount = lines.reduce((s, l) => s + l.amount, 0);
      if (order.refundedAmount + amount > order.totalAmount) throw new ApiError('conflict', 'That is more than is left to refund.');
      // A refund before shipping is answered at once, with no questions.
      const status = body.kind === 'refund' ? 'refunded' : 'requested';
      await insertAfterSale(tx, { id, orderId, kind: body.kind, status: 'requested', reason: body.reason, note: body.note ?? null, amount }, lines);
      const rec = (await findAfterSale(tx, id))!;
      if (status === 'refunded') {
        const moved = (await moveAfterSaleRow(tx, id, 'requested', 'refunded', { approvedAt: now, refundedAt: now }))!;
        await refundAfterSaleLines(tx, env, order, moved, rec.lines);
        return { ...rec, afterSale: moved };
      }
      await queueAfterSaleEmail(tx, order, rec.afterSale, 'after_sale_requested');
      return rec;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('conflict', BLOCK_TEXT.open);
    throw e;
  }
  if (created.afterSale.status === 'refunded') await settleAfterSale(deps, orderId, id, created);
  return (await afterSaleViews(db, [(await findAfterSale(db, id))!]))[0]!;
}

/** After the decision commits: units back on sale (before shipping) and the provider asked. */
export async function settleAfterSale(deps: PaymentDeps, orderId: string, id: string, rec: AfterSaleRecord): Promise<void> {
  await restockAfterSale(deps, { id: orderId }, id, rec.lines);
  // Its last line refunded: the group seat opens again and a purchase limit's count goes back.
  await afterOrderEvent(deps.env, deps.db, { type: 'after_sale.refunded', orderId });
  // A provider that refuses now leaves the refund owed: the minute job and ops ask again.
  await sendOwedRefund(deps, id);
}

/** The buyer sends the return's tracking number: approved → returned. */
export async function sendReturnShipment(
  deps: PaymentDeps,
  buyerEmail: string,
  id: string,
  body: { carrier: string; trackingNumber: string },
  opts: { orderId?: string } = {},
): Promise<AfterSaleView> {
  const { db } = deps;
  const rec = await findAfterSale(db, id);
  // From the order page, only that order's after-sales.
  if (!rec || (opts.orderId !== undefined && rec.afterSale.orderId !== opts.orderId)) throw new ApiError('not_found', 'No such after-sale.');
  const { order } = await buyersOrder(db, buyerEmail, rec.afterSale.orderId).catch(() => {
    throw new ApiError('not_found', 'No such after-sale.');
  });
  if (rec.afterSale.kind !== 'return') throw new ApiError('conflict', 'Only a return is sent back.');
  await db.transaction(async (tx) => {
    const moved = await moveAfterSaleRow(tx, id, 'approved', 'returned', { carrier: body.carrier, trackingNumber: body.trackingNumber, returnedAt: new Date() });
    if (!moved) throw new ApiError('conflict', `An after-sale in status ${rec.afterSale.status} takes no tracking number.`);
    await queueAfterSaleEmail(tx, order, moved, 'after_sale_returned');
  });
  return (await afterSaleViews(db, [(await findAfterSale(db, id))!]))[0]!;
}

/** The buyer's after-sales across their orders (/account), newest first. */
export async function listBuyerAfterSales(db: Db, buyerEmail: string, limit = 100): Promise<AfterSaleView[]> {
  return afterSaleViews(db, await listAfterSalesOfBuyer(db, buyerEmail, limit));
}

export async function getBuyerAfterSale(db: Db, buyerEmail: string, id: string): Promise<AfterSaleView> {
  const rec = await findAfterSale(db, id);
  if (!rec) throw new ApiError('not_found', 'No such after-sale.');
  await buyersOrder(db, buyerEmail, rec.afterSale.orderId).catch(() => {
    throw new ApiError('not_found', 'No such after-sale.');
  });
  return (await afterSaleViews(db, [rec]))[0]!;
}

/** What the buyer's pages need: the order's after-sales and, per kind, why it can't take one now. */
export async function afterSalePanelFor(db: Db, env: AppEnv, orderId: string, now = new Date()): Promise<AfterSalePanel | null> {
  const rec = await findOrderRecord(db, orderId);
  if (!rec) return null;
  const afterSales = await afterSaleViews(db, await listOrderAfterSales(db, [orderId]));
  const hasOpen = afterSales.some((a) => a.status === 'requested' || a.status === 'approved' || a.status === 'returned');
  const days = returnDaysOf(env);
  const delivered = rec.order.deliveredAt;
  return {
    orderId,
    afterSales,
    refundedAmount: { amount: rec.order.refundedAmount, currency: 'CNY' },
    returnDays: days,
    returnUntil: delivered ? returnDeadline(delivered, days).toISOString() : null,
    block: {
      refund: blockOf(rec.order, rec.items, hasOpen, 'refund', days, now),
      return: blockOf(rec.order, rec.items, hasOpen, 'return', days, now),
    },
    lines: rec.items.map((i) => ({ productId: i.productId, title: i.title, quantity: i.quantity, left: i.quantity - i.refundedQuantity })),
  };
}

/**
 * The minute job: units of refunded after-sales that never went back on sale (the step after the
 * decision's commit failed) go back now. The Stock object applies each after-sale once, so a
 * retry after a half-done attempt never counts them twice.
 */
export async function restockPendingAfterSales(env: AppEnv, now = new Date()): Promise<number> {
  return withDb(env, async (db) => {
    const due = await findUnrestocked(db, new Date(now.getTime() - 60_000), 20);
    for (const r of due) await restockAfterSale({ env, db }, { id: r.afterSale.orderId }, r.afterSale.id, r.lines);
    return due.length;
  });
}
