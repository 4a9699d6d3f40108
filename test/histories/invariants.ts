// The invariants every history must keep (DESIGN.md "Invariants"), read from the objects and
// from Postgres after recovery. Returns the violations in plain words; empty means all hold.
import { asc, eq, inArray } from 'drizzle-orm';
import { deriveBalances } from '../../shared/ledger/commission';
import { ORDER_EVENT_TYPES, canTransition, transitionOrder, type OrderEvent, type OrderStatus } from '../../shared/orders/order-state';
import { scopeIdempotencyKey } from '../../workers/services/orders/checkout';
import { sellerBalances } from '../../workers/storage/ledger/ledger-repo';
import { commissionEntries, emailOutbox, fraudSignals, groups, orderItems, orders, payments, refundRequests } from '../../workers/storage/schema';
import { readGroup, readStock } from './objects';
import { checkAfterSales } from './plays/after-sale-invariants';
import { appEnv, type Ctx } from './context';
import { stockUnits } from './run';
import { attributionSourceViolations } from './plays/bindings';
import { checkWithdrawals } from './plays/withdrawals';
import { checkLimitTotals } from './plays/limit-ops';
import { checkFlashSales } from './plays/flash-sales';
import { checkBargains } from './plays/bargains';
import { checkCoupons, couponKeys } from './plays/coupon-ops';

/** Statuses the shared order machine can reach from pending_payment. */
function reachableStatuses(): Set<OrderStatus> {
  const seen = new Set<OrderStatus>(['pending_payment']);
  const todo: OrderStatus[] = ['pending_payment'];
  while (todo.length) {
    const s = todo.pop()!;
    for (const type of ORDER_EVENT_TYPES) {
      if (!canTransition(s, type)) continue;
      const events: OrderEvent[] = type === 'payment_succeeded' ? [{ type, group: true }, { type, group: false }] : [{ type } as OrderEvent];
      for (const e of events) {
        const next = transitionOrder(s, e);
        if (!seen.has(next)) {
          seen.add(next);
          todo.push(next);
        }
      }
    }
  }
  return seen;
}
const REACHABLE = reachableStatuses();
/** Orders whose units are sold (the Stock object must hold them as committed). */
const SOLD: OrderStatus[] = ['paid', 'awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed'];
const PAID_SEAT: OrderStatus[] = ['awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed', 'refunded'];

export async function checkInvariants(c: Ctx, opts: { final: boolean }): Promise<string[]> {
  const bad: string[] = [];
  const productIds = [...c.products.map((p) => p.id), c.variants.productId];
  const lines = await c.db.select().from(orderItems).where(inArray(orderItems.productId, productIds));
  const ids = [...new Set(lines.map((l) => l.orderId))];
  const rows = ids.length ? await c.db.select().from(orders).where(inArray(orders.id, ids)) : [];
  const pays = ids.length ? await c.db.select().from(payments).where(inArray(payments.orderId, ids)) : [];
  const byId = new Map(rows.map((o) => [o.id, o]));
  const payOf = new Map(pays.map((p) => [p.orderId, p]));

  // ---- one order per idempotency key ----
  const expected = new Map<string, string>();
  for (const k of [...c.keys, ...c.vkeys, ...c.rkeys, ...couponKeys(c)]) {
    const { orderId } = await scopeIdempotencyKey({ body: k.body as never, idempotencyKey: k.key, session: undefined });
    expected.set(orderId, k.key);
    const created = new Set(k.answers.filter((a) => a.status === 201).map((a) => a.orderId));
    if (created.size > 1) bad.push(`key ${k.key} created ${created.size} different orders`);
    for (const id of created) if (id !== orderId) bad.push(`key ${k.key} answered order ${id}, expected ${orderId}`);
  }
  for (const o of rows) if (!expected.has(o.id)) bad.push(`order ${o.id} in Postgres matches no idempotency key used`);

  // ---- every status reachable, and consistent with its payment ----
  for (const o of rows) {
    if (!REACHABLE.has(o.status)) bad.push(`order ${o.id} has unreachable status ${o.status}`);
    const p = payOf.get(o.id);
    if (!p) bad.push(`order ${o.id} has no payment row`);
    else if (SOLD.includes(o.status) && p.status !== 'succeeded') bad.push(`order ${o.id} is ${o.status} but its payment is ${p.status}`);
    else if (o.status === 'refunded' && p.status !== 'refunded') bad.push(`order ${o.id} is refunded but its payment is ${p.status}`);
    if (['shipped', 'delivered', 'completed'].includes(o.status) && !o.shippedAt) bad.push(`order ${o.id} is ${o.status} without shippedAt`);
    if (o.groupId && o.status === 'paid') bad.push(`group order ${o.id} is paid (must be awaiting_group)`);
    if (!o.groupId && ['awaiting_group', 'confirmed'].includes(o.status)) bad.push(`single order ${o.id} is ${o.status}`);
    if (opts.final && o.status === 'pending_payment') bad.push(`order ${o.id} still pending_payment after every window ended`);
  }

  // ---- stock, in the objects and in Postgres ----
  // One Stock object per product sold as its default variant, and one per variant: each conserves
  // its own units, and counts only the lines of its own variant.
  for (const p of stockUnits(c)) {
    const mine = (l: (typeof lines)[number]) => l.productId === p.productId && (l.variantId ?? null) === p.variantId;
    const s = await readStock(p.name);
    if (!s) continue;
    if (s.total !== p.stock) bad.push(`stock ${p.name}: object total ${s.total}, product was created with ${p.stock}`);
    let held = 0;
    let committed = 0;
    for (const [orderId, r] of s.reservations) {
      if (r.state === 'held') held += r.qty;
      if (r.state === 'committed') committed += r.qty;
      const o = byId.get(orderId);
      if (!o) {
        if (r.state === 'committed') bad.push(`stock ${p.name}: units committed to ${orderId}, which Postgres does not have`);
        continue;
      }
      // Units under an order that never bought this product: a mismatched retry's hold, whose lapse would cancel the real order.
      if (!lines.some((l) => l.orderId === orderId && mine(l))) {
        if (r.state !== 'released') bad.push(`stock ${p.name}: ${r.qty} units ${r.state} for order ${orderId}, which has no line of this product`);
        continue;
      }
      // pending_payment with released units: the creation was still writing when the hold
      // expired; the daily sweep cancels it (checked at the end, after the sweep).
      const want: string[] =
        o.status === 'pending_payment' ? (opts.final ? ['held'] : ['held', 'released']) : SOLD.includes(o.status) ? ['committed'] : o.status === 'refunded' ? ['committed', 'released'] : ['released'];
      if (!want.includes(r.state)) bad.push(`stock ${p.name}: order ${orderId} is ${o.status} but its units are ${r.state}`);
    }
    for (const o of rows) {
      const line = lines.find((l) => l.orderId === o.id && mine(l));
      if (line && SOLD.includes(o.status) && s.reservations.get(o.id)?.state !== 'committed') bad.push(`stock ${p.name}: ${o.status} order ${o.id} has no committed units`);
    }
    // Units after-sales put back on sale are free again, once each: the object and Postgres agree.
    const restockedPg = lines.filter(mine).reduce((n, l) => n + l.restockedQuantity, 0);
    if (restockedPg !== s.restocked) bad.push(`stock ${p.name}: Postgres says ${restockedPg} units restocked, the object ${s.restocked}`);
    const available = s.total - held - committed + s.restocked;
    if (available < 0) bad.push(`stock ${p.name}: available ${available} < 0`);
    // initial − sold + released: every unit is free, held by a live reservation, or sold.
    const soldPg = lines
      .filter((l) => mine(l) && byId.get(l.orderId) && (SOLD.includes(byId.get(l.orderId)!.status) || (byId.get(l.orderId)!.status === 'refunded' && s.reservations.get(l.orderId)?.state === 'committed')))
      .reduce((n, l) => n + l.quantity, 0);
    if (soldPg !== committed) bad.push(`stock ${p.name}: Postgres says ${soldPg} sold, the object ${committed}`);
    if (s.cancelOutbox > 0) bad.push(`stock ${p.name}: ${s.cancelOutbox} cancellations not yet in Postgres`);
    if (opts.final && held > 0) bad.push(`stock ${p.name}: ${held} units still held after every window ended`);
  }

  // ---- groups: seats, object vs Postgres ----
  const grows = c.groups.length ? await c.db.select().from(groups).where(inArray(groups.id, c.groups)) : [];
  for (const gid of c.groups) {
    const v = await readGroup(gid);
    if (!v) {
      bad.push(`group ${gid}: object has no state`);
      continue;
    }
    const g = v.group;
    if (g.members + g.held > g.size) bad.push(`group ${gid}: ${g.members} members + ${g.held} held > size ${g.size}`);
    if (v.pendingWrites > 0) bad.push(`group ${gid}: ${v.pendingWrites} effects still in its outbox`);
    const row = grows.find((r) => r.id === gid);
    if (!row) bad.push(`group ${gid}: no Postgres row`);
    else if (row.status !== g.status) bad.push(`group ${gid}: object ${g.status}, Postgres ${row.status}`);
    else if (g.status !== 'open' && row.members !== g.members) bad.push(`group ${gid}: object ${g.members} members, Postgres ${row.members}`);
    const mine = rows.filter((o) => o.groupId === gid);
    for (const seat of v.seats) {
      const o = byId.get(seat.orderId);
      if (o && o.groupId !== gid) bad.push(`group ${gid}: ${seat.state} seat for order ${o.id}, which is in ${o.groupId ?? 'no group'}`);
      if (seat.state === 'paid' && (!o || !PAID_SEAT.includes(o.status))) bad.push(`group ${gid}: paid seat ${seat.orderId} is ${o?.status ?? 'missing'} in Postgres`);
      if (seat.state === 'held' && o && o.status !== 'pending_payment') bad.push(`group ${gid}: held seat ${seat.orderId} is ${o.status} in Postgres`);
    }
    for (const o of mine) {
      const seat = v.seats.find((s) => s.orderId === o.id);
      if (PAID_SEAT.includes(o.status) && o.status !== 'refunded' && seat?.state !== 'paid') bad.push(`group ${gid}: ${o.status} order ${o.id} has seat ${seat?.state ?? 'none'}`);
      if (g.status === 'failed' && ['awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed'].includes(o.status)) bad.push(`group ${gid} failed but order ${o.id} is ${o.status}`);
      if (g.status === 'open' && ['confirmed', 'shipped', 'delivered', 'completed'].includes(o.status)) bad.push(`group ${gid} open but order ${o.id} is ${o.status}`);
    }
    if (opts.final && g.status === 'open') bad.push(`group ${gid}: still open after its deadline`);
  }

  // ---- the ledger ----
  const entries = ids.length ? await c.db.select().from(commissionEntries).where(inArray(commissionEntries.orderId, ids)) : [];
  const seenKey = new Set<string>();
  for (const e of entries) {
    const k = `${e.orderId}|${e.sellerId}|${e.level}|${e.kind}|${e.afterSaleId ?? ''}`;
    if (seenKey.has(k)) bad.push(`ledger: ${k} entered twice`);
    seenKey.add(k);
  }
  for (const o of rows) {
    const mine = entries.filter((e) => e.orderId === o.id);
    if (['pending_payment', 'cancelled', 'awaiting_group'].includes(o.status) && mine.length) bad.push(`ledger: ${o.status} order ${o.id} has ${mine.length} entries`);
    const kept = new Map<string, number>();
    for (const e of mine) {
      const k = `${e.sellerId}|${e.level}`;
      const d = e.kind === 'accrue' ? e.amount : e.kind === 'reverse' ? -e.amount : e.kind === 'clawback' ? e.amount : 0;
      kept.set(k, (kept.get(k) ?? 0) + d);
    }
    if (o.status === 'refunded') for (const [k, v] of kept) if (v !== 0) bad.push(`ledger: refunded order ${o.id} keeps ${v} for ${k}`);
    // Each line's commission is reversed once: never more than was accrued, per seller and level.
    for (const [k, v] of kept) if (v < 0) bad.push(`ledger: order ${o.id} reversed ${-v} more than it accrued for ${k}`);
  }
  // A commissionable order earns once it reaches its accrual point (a single order when paid, a
  // group order when its group is confirmed), whatever happened to it after; only an ops decision
  // that reversed its commission keeps it from earning.
  const signals = ids.length ? await c.db.select({ orderId: fraudSignals.orderId, state: fraudSignals.state }).from(fraudSignals).where(inArray(fraudSignals.orderId, ids)) : [];
  for (const o of rows) {
    if (!o.commissionable || !o.attributedSellerId) continue;
    const reached = o.groupId ? o.confirmedAt !== null : o.paidAt !== null && o.status !== 'pending_payment' && o.status !== 'cancelled';
    if (!reached || signals.some((s) => s.orderId === o.id && s.state === 'reversed')) continue;
    if (!entries.some((e) => e.orderId === o.id && e.kind === 'accrue')) bad.push(`ledger: commissionable ${o.status} order ${o.id} reached ${o.groupId ? 'confirmed' : 'paid'} but has no accrual`);
  }
  // Other histories write to the same sellers meanwhile: entries and balances from one snapshot.
  await c.db.transaction(
    async (tx) => {
      for (const sellerId of [c.sellers.a, c.sellers.b]) {
        const all = await tx.select().from(commissionEntries).where(eq(commissionEntries.sellerId, sellerId)).orderBy(asc(commissionEntries.seq));
        const derived = deriveBalances(all.map((e) => ({ kind: e.kind, amount: e.amount, from: e.fromBucket ?? undefined })));
        const stored = await sellerBalances(tx, sellerId);
        for (const k of ['pending', 'available', 'paid', 'reversed'] as const) {
          if (Number(stored[k]) !== derived[k]) bad.push(`ledger: seller ${sellerId} ${k} is ${stored[k]}, its entries sum to ${derived[k]}`);
        }
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  // ---- Postgres outboxes ----
  const owed = ids.length ? await c.db.select().from(refundRequests).where(inArray(refundRequests.orderId, ids)) : [];
  bad.push(...(await checkAfterSales(c, rows, lines, owed)));
  for (const r of owed) if (r.state !== 'settled') bad.push(`refund for ${r.orderId} is still ${r.state}`);
  // Money that arrived for an order that ended without a sale goes back: its refund is at least
  // owed (and, by the check above, settled once the outboxes drained).
  const paidByProvider = new Set(c.events.filter((e) => e.settled && e.raw.type === 'payment.succeeded').map((e) => e.raw.orderId));
  for (const o of rows) {
    if (o.status !== 'cancelled' && o.status !== 'refunded') continue;
    const p = payOf.get(o.id);
    const moneyIn = paidByProvider.has(o.id) || (p !== undefined && ['succeeded', 'refund_pending', 'refunded'].includes(p.status));
    if (moneyIn && !owed.some((r) => r.orderId === o.id)) bad.push(`${o.status} order ${o.id} was paid (payment ${p?.status ?? 'missing'}) but no refund is owed, requested or settled`);
  }
  const buyers = [...new Set(rows.map((o) => o.buyerEmail))];
  const mail = buyers.length ? await c.db.select().from(emailOutbox).where(inArray(emailOutbox.to, buyers)) : [];
  for (const m of mail) if (m.state !== 'sent') bad.push(`email ${m.id} to a buyer is ${m.state}`);

  // ---- attribution: one order of precedence, bindings included ----
  bad.push(...(await attributionSourceViolations(c, rows)));
  bad.push(...(await checkWithdrawals(c)));
  bad.push(...(await checkLimitTotals(c)));
  bad.push(...(await checkFlashSales(c, opts)));
  bad.push(...(await checkBargains(c, appEnv)));
  bad.push(...(await checkCoupons(c)));
  return bad;
}
