// Reading orders (buyer token or ops) and the ops lifecycle actions that need no provider.
import { orderEmailKindFor } from '../../../shared/email-text';
import { ApiError } from '../../../shared/errors';
import type { OrderStatus } from '../../../shared/orders/order-state';
import { IllegalTransitionError, transitionOrder, type OrderEvent } from '../../../shared/orders/order-state';
import type { OpsOrderList, OrderView } from '../../../shared/orders/order-schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { findItemsForOrders, findOrderRecord, ordersWithLineOn, findPaymentsForOrders, listOrderRows, transitionOrderRow, type Exec, type NewOrderRow, type OrderRecord, type Tx } from '../../storage/orders/orders-repo';
import { linePayAmount, type OrderRow } from '../../storage/schema';
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import { recordCommissionForTransition } from '../ledger/commissions';
import { queueOrderEmail } from '../email/emails';
import { applyProgramOnPayment } from '../program/bindings';
import { hasPromotion, promotionsOnMove, PROMOTION_TARGETS } from '../promotions/order-effects';
import { verifyToken, type OrderClaims, type SessionClaims } from '../identity/tokens';

export const ORDER_TOKEN_TTL_SECONDS = 60 * 60 * 24 * 90;

function timeline(o: OrderRow): OrderView['timeline'] {
  const paidStatus: OrderStatus = o.groupId ? 'awaiting_group' : 'paid';
  const points: [OrderStatus, Date | null][] = [
    ['pending_payment', o.createdAt],
    [paidStatus, o.paidAt],
    ['confirmed', o.confirmedAt],
    ['shipped', o.shippedAt],
    ['delivered', o.deliveredAt],
    ['completed', o.completedAt],
    ['cancelled', o.cancelledAt],
    ['refunded', o.refundedAt],
  ];
  return points
    .filter((p): p is [OrderStatus, Date] => p[1] !== null)
    .sort((a, b) => a[1].getTime() - b[1].getTime())
    .map(([status, at]) => ({ status, at: at.toISOString() }));
}

export function toOrderView(r: OrderRecord): OrderView {
  const o = r.order;
  return {
    id: o.id,
    status: o.status,
    total: { amount: o.totalAmount, currency: 'CNY' },
    subtotal: { amount: o.subtotalAmount ?? o.totalAmount, currency: 'CNY' },
    discount: { amount: o.discountAmount, currency: 'CNY' },
    ...(o.groupId ? { groupId: o.groupId } : {}),
    items: r.items.map((i) => ({
      productId: i.productId,
      ...(i.variantId ? { variantId: i.variantId } : {}),
      title: i.title,
      quantity: i.quantity,
      unitPrice: { amount: i.unitPriceAmount, currency: 'CNY' },
      payAmount: { amount: linePayAmount(i), currency: 'CNY' },
    })),
    buyer: { email: o.buyerEmail, name: o.buyerName },
    shippingAddress: o.shippingAddress,
    attribution: o.attributedSellerId
      ? { sellerId: o.attributedSellerId, linkId: o.attributedLinkId, channel: o.attributionChannel, commissionable: o.commissionable, source: o.attributionSource }
      : null,
    payment: { provider: o.paymentProvider, status: r.payment?.status ?? 'pending' },
    shipment: o.carrier && o.trackingNumber ? { carrier: o.carrier, trackingNumber: o.trackingNumber } : null,
    refundRequested: o.refundRequestedAt !== null,
    refundedAmount: { amount: o.refundedAmount, currency: 'CNY' },
    refundedUnits: Object.fromEntries(r.items.filter((i) => i.refundedQuantity > 0).map((i) => [i.productId, i.refundedQuantity])),
    reservationExpiresAt: o.reservationExpiresAt.toISOString(),
    timeline: timeline(o),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export async function getOrderRecordOrThrow(db: Db, id: string): Promise<OrderRecord> {
  const r = await findOrderRecord(db, id);
  if (!r) throw new ApiError('not_found', 'No such order.');
  return r;
}

/**
 * Ops read any order; anyone else needs that order's own token. A valid token for another
 * order is 403 (the caller is known, just not allowed), a missing or bad one 401.
 */
export async function authorizeOrderRead(env: AppEnv, session: SessionClaims | undefined, bearer: string | undefined, orderId: string): Promise<void> {
  if (session?.role === 'ops') return;
  if (!bearer) throw new ApiError('unauthorized', 'Send the orderToken as Authorization: Bearer.');
  const claims = await verifyToken<OrderClaims>(env.JWT_KEYS, 'order', bearer);
  if (!claims) throw new ApiError('unauthorized', 'The order token is missing, expired or invalid.');
  if (claims.sub !== orderId) throw new ApiError('forbidden', 'This token is for another order.');
}

/** The order token from a page's ?t=, or null when it does not open this order. */
export async function orderTokenOpens(env: AppEnv, token: string | undefined, orderId: string): Promise<boolean> {
  if (!token) return false;
  const claims = await verifyToken<OrderClaims>(env.JWT_KEYS, 'order', token);
  return claims?.sub === orderId;
}

/** Statuses whose arrival may write ledger entries (see ledgerEffectOf). */
const LEDGER_TARGETS: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['paid', 'confirmed', 'refunded']);

/** Statuses whose arrival binds the buyer and may move the seller up a level (services/program/bindings.ts). */
const PROGRAM_TARGETS: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['paid', 'awaiting_group', 'confirmed']);

/**
 * The one way an order's status changes (compare-and-set from `from`): everything that must
 * follow a status change, such as commission entries and the buyer's email, hangs off this
 * function and commits with it. Returns undefined when the order was no longer in `from`.
 */
export async function moveOrder(exec: Exec, id: string, from: OrderStatus, to: OrderStatus, patch: Partial<NewOrderRow> = {}) {
  // A move that keeps the status (an after-sale's partial refund) earns, reverses and sends
  // nothing here: the after-sale writes its own per-line entries and email.
  const changes = from !== to;
  const step = async (e: Exec) => {
    const moved = await transitionOrderRow(e, id, from, to, patch);
    // A ledger target always runs inside the transaction below.
    if (moved && changes && LEDGER_TARGETS.has(to)) await recordCommissionForTransition(e as Tx, moved, from, to);
    // Binding and level upgrades commit with the payment (a group order's again at its confirmation).
    if (moved && changes && PROGRAM_TARGETS.has(to)) await applyProgramOnPayment(e as Tx, moved);
    // A coupon locked, used or given back with the order (services/promotions/order-effects.ts).
    if (moved && changes && PROMOTION_TARGETS.has(to) && hasPromotion(moved)) await promotionsOnMove(e as Tx, moved, from, to);
    // Queued, not sent: the outbox sends after the response and retries (services/email/emails.ts).
    if (moved && changes) await queueOrderEmail(e, moved, from, to);
    return moved;
  };
  // Ledger entries and the email commit with the status change or not at all (a savepoint when
  // `exec` is already a transaction); a move that writes neither needs no transaction.
  return changes && (LEDGER_TARGETS.has(to) || PROGRAM_TARGETS.has(to) || PROMOTION_TARGETS.has(to) || orderEmailKindFor(from, to)) ? exec.transaction(step) : step(exec);
}

/**
 * Unpaid orders whose reservation on this product's shard ran out (the Stock alarm's verb).
 * Each goes through moveOrder like any other change; one already paid or cancelled meanwhile
 * is left alone. Only an order that took its units there can lapse there: a hold left by a
 * mismatched or lost attempt of the same order id never cancels the order that was created.
 */
export async function cancelExpiredOrders(db: Db, ids: string[], at: { productId: string; variantId?: string | null; shard: number }): Promise<number> {
  let cancelled = 0;
  for (const id of await ordersWithLineOn(db, ids, at, at.shard)) {
    if (await moveOrder(db, id, 'pending_payment', transitionOrder('pending_payment', { type: 'cancel' }))) cancelled++;
  }
  return cancelled;
}

/**
 * Applies a lifecycle event with compare-and-set, so two concurrent actions cannot both
 * move the order. Illegal transitions are 409 conflict. `inTx` runs in the transaction that
 * moves the order (the ops audit entry), so both land or neither.
 */
export async function advanceOrder(
  db: Db,
  id: string,
  event: OrderEvent,
  patch: Partial<NewOrderRow> = {},
  inTx?: (tx: Tx, before: OrderRow, after: OrderRow) => Promise<void>,
): Promise<OrderRecord> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await getOrderRecordOrThrow(db, id);
    let next: OrderStatus;
    try {
      next = transitionOrder(current.order.status, event);
    } catch (e) {
      if (e instanceof IllegalTransitionError) throw new ApiError('conflict', `An order in status ${e.from} cannot ${e.event.replace(/_/g, ' ')}.`);
      throw e;
    }
    const row = inTx
      ? await db.transaction(async (tx) => {
          const moved = await moveOrder(tx, id, current.order.status, next, patch);
          if (moved) await inTx(tx, current.order, moved);
          return moved;
        })
      : await moveOrder(db, id, current.order.status, next, patch);
    if (row) return getOrderRecordOrThrow(db, id);
  }
  throw new ApiError('conflict', 'The order changed while this action ran; try again.');
}

// ---- ops listing and export ----

export async function listOrders(db: Db, q: OpsOrderList) {
  const rows = await listOrderRows(db, {
    status: q.status,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [items, pays] = await Promise.all([findItemsForOrders(db, ids), findPaymentsForOrders(db, ids)]);
  const last = page[page.length - 1];
  return {
    items: page.map((order) =>
      toOrderView({ order, items: items.filter((i) => i.orderId === order.id), payment: pays.find((p) => p.orderId === order.id) }),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

export const CSV_MAX_ROWS = 10_000;
const CSV_COLUMNS = [
  'id',
  'status',
  'created_at',
  'total_amount',
  'currency',
  'buyer_email',
  'buyer_name',
  'items',
  'attributed_seller_id',
  'attributed_link_id',
  'attribution_channel',
  'commissionable',
  'payment_provider',
  'carrier',
  'tracking_number',
] as const;

/** RFC 4180 quoting, plus a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** All orders matching the filters (newest first, at most CSV_MAX_ROWS) as CSV. */
export async function exportOrdersCsv(db: Db, q: OpsOrderList): Promise<string> {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  let cursor = q.cursor;
  let count = 0;
  while (count < CSV_MAX_ROWS) {
    const page = await listOrders(db, { ...q, cursor, limit: 200 });
    for (const o of page.items) {
      lines.push(
        [
          o.id,
          o.status,
          o.createdAt,
          o.total.amount,
          o.total.currency,
          o.buyer.email,
          o.buyer.name,
          o.items.map((i) => `${i.productId}x${i.quantity}`).join(' '),
          o.attribution?.sellerId,
          o.attribution?.linkId,
          o.attribution?.channel,
          o.attribution ? o.attribution.commissionable : '',
          o.payment.provider,
          o.shipment?.carrier,
          o.shipment?.trackingNumber,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    count += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return `${lines.join('\r\n')}\r\n`;
}
