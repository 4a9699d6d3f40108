// Demo history, part 2 (pure): 30 days of orders (single and group) with their timelines, and
// the commission ledger those timelines produce under the Worker's own rules: accrual at payment
// (group orders at confirmation), release HOLD_DAYS after delivery, one payout batch, and for
// refunds the reverse-or-clawback decided by shared/ledger/commission.ts. Status = last event before now.
import { computeOrderCommissions, deriveBalances, refundCorrection, type LedgerEntryLike } from '../../shared/ledger/commission';
import type { OrderStatus } from '../../shared/orders/order-state';
import type { commissionEntries, groups, orderItems, orders, payments, payouts, refundRequests } from '../../workers/storage/schema';
import { DEMO_PRODUCTS, demoProductId, demoVariantId, type Demo, type DemoVariant } from './seed-demo';
import { DAY, HOUR, MIN, type LinkInsert, type Rng } from './seed-history-network';

export const HOLD_DAYS = 7; // wrangler.toml HOLD_DAYS
export const PAYOUT_MINIMUM = 1000; // the v2 payout minimum, for the one historical batch the demo replays
export const DEMO_PAYOUT_ID = 'b_demoHistory01';

type OrderInsert = typeof orders.$inferInsert;
type EntryInsert = typeof commissionEntries.$inferInsert;

export interface OrdersPlan {
  orders: OrderInsert[];
  items: (typeof orderItems.$inferInsert)[];
  payments: (typeof payments.$inferInsert)[];
  refunds: (typeof refundRequests.$inferInsert)[];
  groups: (typeof groups.$inferInsert)[];
  entries: EntryInsert[];
  payout: typeof payouts.$inferInsert | null;
}

const NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '黄磊', '周婷', 'Emily Chen', 'Jason Li', '吴倩', '徐明', '孙悦', '马超', '朱琳'];
const CITIES: [string, string][] = [['上海', '200001'], ['北京', '100010'], ['杭州', '310002'], ['深圳', '518000'], ['成都', '610015'], ['广州', '510030']];
const CARRIERS = ['SF', 'ZTO', 'YTO', 'JD'];

interface Timeline {
  createdAt: number;
  paidAt?: number;
  confirmedAt?: number;
  shippedAt?: number;
  deliveredAt?: number;
  completedAt?: number;
  cancelledAt?: number;
  refundedAt?: number;
}

/** The order's status at `now`: the last of its events that has happened. */
function statusAt(t: Timeline, group: boolean, now: number): { status: OrderStatus; t: Timeline } {
  const seen = (x?: number) => (x !== undefined && x <= now ? x : undefined);
  const k: Timeline = { createdAt: t.createdAt, paidAt: seen(t.paidAt), confirmedAt: seen(t.confirmedAt), shippedAt: seen(t.shippedAt), deliveredAt: seen(t.deliveredAt), completedAt: seen(t.completedAt), cancelledAt: seen(t.cancelledAt), refundedAt: seen(t.refundedAt) };
  if (k.cancelledAt) return { status: 'cancelled', t: { createdAt: k.createdAt, cancelledAt: k.cancelledAt } };
  if (k.refundedAt) return { status: 'refunded', t: k };
  if (k.completedAt) return { status: 'completed', t: k };
  if (k.deliveredAt) return { status: 'delivered', t: k };
  if (k.shippedAt) return { status: 'shipped', t: k };
  if (k.confirmedAt) return { status: 'confirmed', t: k };
  if (k.paidAt) return { status: group ? 'awaiting_group' : 'paid', t: k };
  return { status: 'pending_payment', t: k };
}

/** Fulfilment after payment (or group confirmation): ship, deliver, maybe complete, maybe refund. */
function fulfil(t: Timeline, from: number, r: Rng, refundP: number) {
  t.shippedAt = from + r.between(6, 40) * HOUR;
  t.deliveredAt = t.shippedAt + r.between(1, 3) * DAY;
  if (r.chance(0.6)) t.completedAt = t.deliveredAt + r.between(3, 12) * DAY;
  if (r.chance(refundP)) {
    // A refund lands on a paid, shipped or delivered order, never on a completed one.
    const at = from + r.between(0.2, 16) * DAY;
    if (t.completedAt === undefined || at < t.completedAt) t.refundedAt = at;
  }
}

export interface Sale {
  sellerId: string | null;
  link: LinkInsert | null;
  at: number;
  /** Delivered, released, paid out, then refunded: the clawback the demo must show. */
  lateRefund?: boolean;
}

/**
 * Builds every order and its ledger. `sales` says when an attributed (or direct) single order
 * was placed; groups are opened every few days on the products with a group offer.
 */
export function planOrders(sales: Sale[], inviterOf: Map<string, string | null>, now: number, r: Rng): OrdersPlan {
  const plan: OrdersPlan = { orders: [], items: [], payments: [], refunds: [], groups: [], entries: [], payout: null };
  const timelines: { id: string; t: Timeline; group: boolean; sellerId: string | null; lines: { price: number; qty: number; p: Demo }[] }[] = [];
  let n = 0;
  // Units each variant has sold in the history: a variant is picked only while it has stock left,
  // so every variant's sales stay within what it was put on sale with.
  const sold = new Map<string, number>();
  const pickVariant = (p: Demo, qty: number): DemoVariant | null => {
    const left = (v: DemoVariant) => v.stock - (sold.get(v.key) ?? 0);
    const open = (p.variants ?? []).filter((v) => left(v) >= qty);
    if (open.length === 0) return null;
    const v = r.pick(open);
    sold.set(v.key, (sold.get(v.key) ?? 0) + qty);
    return v;
  };
  const newOrder = (p: Demo, qty: number, price: number, sale: Sale, t: Timeline, groupId: string | null, variant: DemoVariant | null = null) => {
    n++;
    const id = `o_demo${String(n).padStart(5, '0')}`;
    const { status, t: k } = statusAt(t, groupId !== null, now);
    const [city, postalCode] = r.pick(CITIES);
    const name = r.pick(NAMES);
    const iso = (x?: number) => (x === undefined ? null : new Date(x));
    plan.orders.push({
      id,
      status,
      totalAmount: price * qty,
      buyerEmail: `buyer${String(r.int(1, 140)).padStart(3, '0')}@example.com`,
      buyerName: name,
      shippingAddress: { name, line1: `${r.int(1, 300)} 号`, city, postalCode, country: 'CN' },
      groupId,
      attributedSellerId: sale.sellerId,
      attributedLinkId: sale.link?.id ?? null,
      attributionChannel: sale.link ? (sale.link.channel ?? 'direct') : null,
      commissionable: sale.sellerId !== null,
      paymentProvider: 'test',
      lang: r.chance(0.85) ? 'zh-CN' : 'en',
      carrier: k.shippedAt ? r.pick(CARRIERS) : null,
      trackingNumber: k.shippedAt ? `DEMO${String(n).padStart(8, '0')}` : null,
      reservationExpiresAt: new Date(t.createdAt + 15 * MIN),
      createdAt: new Date(t.createdAt),
      updatedAt: new Date(Math.max(...Object.values(k).filter((x): x is number => typeof x === 'number'))),
      paidAt: iso(k.paidAt),
      confirmedAt: iso(k.confirmedAt),
      shippedAt: iso(k.shippedAt),
      deliveredAt: iso(k.deliveredAt),
      completedAt: iso(k.completedAt),
      cancelledAt: iso(k.cancelledAt),
      refundRequestedAt: iso(k.refundedAt === undefined ? undefined : k.refundedAt - 10 * MIN),
      refundedAt: iso(k.refundedAt),
    });
    plan.items.push({
      orderId: id,
      productId: demoProductId(p.key),
      variantId: variant ? demoVariantId(p.key, variant.key) : null,
      quantity: qty,
      unitPriceAmount: price,
      title: variant ? `${p.title} · ${Object.values(variant.options).join(' / ')}` : p.title,
      level1Bps: p.l1,
      level2Bps: p.l2,
    });
    if (k.paidAt) {
      plan.payments.push({ id: `pay_${id}`, orderId: id, provider: 'test', status: k.refundedAt ? 'refunded' : 'succeeded', amount: price * qty, providerSessionId: `cs_${id}`, providerPaymentId: `pi_${id}`, createdAt: new Date(t.createdAt), updatedAt: new Date(k.refundedAt ?? k.paidAt) });
    }
    if (k.refundedAt) {
      plan.refunds.push({ id, orderId: id, provider: 'test', reason: groupId && status === 'refunded' && !k.confirmedAt ? 'group_failed' : 'buyer_request', amount: price * qty, providerPaymentId: `pi_${id}`, state: 'settled', attempts: 1, createdAt: new Date(k.refundedAt - 10 * MIN), updatedAt: new Date(k.refundedAt) });
    }
    timelines.push({ id, t: k, group: groupId !== null, sellerId: sale.sellerId, lines: [{ price, qty, p }] });
    return id;
  };

  // Single orders.
  for (const sale of sales) {
    const key = sale.link?.productId ? sale.link.productId.replace('p_demo', '') : r.pick(DEMO_PRODUCTS).key;
    const p = DEMO_PRODUCTS.find((x) => x.key === key) ?? DEMO_PRODUCTS[0]!;
    const t: Timeline = { createdAt: sale.at };
    if (sale.lateRefund) {
      t.paidAt = sale.at + 3 * MIN;
      t.shippedAt = t.paidAt + 20 * HOUR;
      t.deliveredAt = t.shippedAt + 2 * DAY;
      t.refundedAt = now - 3 * DAY;
    } else if (r.chance(0.08)) t.cancelledAt = sale.at + 15 * MIN;
    else {
      t.paidAt = sale.at + r.between(1, 6) * MIN;
      if (r.chance(0.4)) t.confirmedAt = t.paidAt + r.between(1, 5) * HOUR;
      fulfil(t, t.confirmedAt ?? t.paidAt, r, 0.08);
    }
    const qty = r.chance(0.85) ? 1 : 2;
    if (p.variants) {
      let q = qty;
      let v = pickVariant(p, q);
      if (!v) v = pickVariant(p, (q = 1));
      // Every variant sold out in the history: the sale goes to the first product instead.
      if (v) newOrder(p, q, v.price, sale, t, null, v);
      else newOrder(DEMO_PRODUCTS[0]!, qty, DEMO_PRODUCTS[0]!.price, sale, t, null);
    } else newOrder(p, qty, p.price, sale, t, null);
  }

  // Group buys: one every ~2.5 days; about one in four fails and refunds everyone.
  const offers = DEMO_PRODUCTS.filter((p) => p.group);
  const groupSales = sales.filter((s) => s.sellerId !== null);
  let g = 0;
  for (let d = 28; d >= 2; d -= r.between(2, 3)) {
    g++;
    const p = offers[g % offers.length]!;
    const offer = p.group!;
    const opened = now - d * DAY + r.between(1, 12) * HOUR;
    const expires = opened + offer.minutes * MIN;
    const leader = r.pick(groupSales.length ? groupSales : sales);
    const fails = g % 4 === 2;
    const autoFill = !fails && g % 5 === 0 ? 1 : 0;
    const paidMembers = fails ? r.int(1, offer.size - 1) : offer.size - autoFill;
    const decided = fails ? expires : autoFill ? expires : opened + r.between(0.5, Math.min(20, offer.minutes / 60)) * HOUR;
    const id = `g_demo${String(g).padStart(4, '0')}`;
    const memberIds: string[] = [];
    for (let m = 0; m < paidMembers; m++) {
      const at = m === 0 ? opened : opened + (decided - opened) * r.between(0.05, 0.95);
      const t: Timeline = { createdAt: at, paidAt: at + r.between(1, 4) * MIN };
      if (fails) t.refundedAt = decided + r.between(2, 30) * MIN;
      else {
        t.confirmedAt = decided;
        fulfil(t, decided, r, 0.05);
      }
      // Members who came through the leader's shared link keep its attribution.
      const sale = m === 0 || r.chance(0.5) ? { ...leader, at } : { sellerId: null, link: null, at };
      // A group product's variants have far more stock than its groups sell; the fallback never runs.
      const v = p.variants ? (pickVariant(p, 1) ?? p.variants[0]!) : null;
      memberIds.push(newOrder(p, 1, v ? (v.group ?? offer.price) : offer.price, sale, t, id, v));
    }
    plan.groups.push({
      id,
      productId: demoProductId(p.key),
      leaderOrderId: memberIds[0]!,
      size: offer.size,
      priceAmount: offer.price,
      autoFillPercent: autoFill ? 50 : null,
      expiresAt: new Date(expires),
      status: fails ? 'failed' : 'succeeded',
      autoFilled: autoFill,
      members: paidMembers,
      createdAt: new Date(opened),
      succeededAt: fails ? null : new Date(decided),
      failedAt: fails ? new Date(decided) : null,
    });
  }

  planLedger(plan, timelines, inviterOf, now);
  return plan;
}

type Event = { at: number; run: () => void };

/** Replays accrual, release, the payout batch and refund corrections in time order. */
function planLedger(plan: OrdersPlan, timelines: { id: string; t: Timeline; group: boolean; sellerId: string | null; lines: { price: number; qty: number; p: Demo }[] }[], inviterOf: Map<string, string | null>, now: number) {
  const bySeller = new Map<string, (LedgerEntryLike & { seq: number })[]>();
  let seq = 0;
  const write = (e: EntryInsert & { at: number }) => {
    seq++;
    const { at, ...row } = e;
    plan.entries.push({ ...row, createdAt: new Date(at) });
    const list = bySeller.get(e.sellerId) ?? [];
    list.push({ kind: e.kind, amount: e.amount, from: e.fromBucket ?? undefined, seq });
    bySeller.set(e.sellerId, list);
    return seq;
  };
  const events: Event[] = [];
  const lastPayoutSeq = new Map<string, number>();
  for (const o of timelines) {
    if (!o.sellerId) continue;
    const accrueAt = o.group ? o.t.confirmedAt : o.t.paidAt;
    if (accrueAt === undefined) continue;
    const shares = computeOrderCommissions({
      lines: o.lines.map((l) => ({ paidAmount: l.price * l.qty, level1Bps: l.p.l1, level2Bps: l.p.l2 })),
      seller: { id: o.sellerId, inviterId: inviterOf.get(o.sellerId) ?? null },
      commissionable: true,
    });
    const released = new Map<string, number>();
    events.push({ at: accrueAt, run: () => shares.forEach((s) => write({ sellerId: s.sellerId, kind: 'accrue', orderId: o.id, level: s.level, amount: s.amount.amount, at: accrueAt })) });
    const releaseAt = o.t.deliveredAt !== undefined ? o.t.deliveredAt + HOLD_DAYS * DAY : undefined;
    if (releaseAt !== undefined && releaseAt <= now && (o.t.refundedAt === undefined || o.t.refundedAt > releaseAt)) {
      events.push({ at: releaseAt, run: () => shares.forEach((s) => released.set(`${s.sellerId}|${s.level}`, write({ sellerId: s.sellerId, kind: 'release', orderId: o.id, level: s.level, amount: s.amount.amount, at: releaseAt }))) });
    }
    const refundAt = o.t.refundedAt;
    if (refundAt !== undefined) {
      events.push({
        at: refundAt,
        run: () =>
          shares.forEach((s) => {
            const rel = released.get(`${s.sellerId}|${s.level}`);
            const c = refundCorrection({ released: rel !== undefined, settled: rel !== undefined && (lastPayoutSeq.get(s.sellerId) ?? 0) > rel, corrected: false });
            if (!c) return;
            const base = { sellerId: s.sellerId, orderId: o.id, level: s.level, at: refundAt };
            write(c.kind === 'reverse' ? { ...base, kind: 'reverse', amount: s.amount.amount, fromBucket: c.from } : { ...base, kind: 'clawback', amount: -s.amount.amount });
          }),
      });
    }
  }
  // One payout batch ten days ago (at 03:00 UTC), marked paid the next morning.
  const payoutAt = Math.floor((now - 10 * DAY) / DAY) * DAY + 3 * HOUR;
  events.push({
    at: payoutAt,
    run: () => {
      let total = 0;
      let count = 0;
      for (const [sellerId, list] of [...bySeller.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const available = deriveBalances(list).available;
        if (available < PAYOUT_MINIMUM) continue;
        lastPayoutSeq.set(sellerId, write({ sellerId, kind: 'payout', payoutId: DEMO_PAYOUT_ID, amount: available, at: payoutAt }));
        total += available;
        count++;
      }
      if (count > 0) plan.payout = { id: DEMO_PAYOUT_ID, status: 'paid', totalAmount: total, sellerCount: count, createdAt: new Date(payoutAt), paidAt: new Date(payoutAt + 20 * HOUR) };
    },
  });
  events.sort((a, b) => a.at - b.at).forEach((e) => e.run());
}
