// Referral fraud signals through the real Worker, Durable Objects and Postgres: which orders are
// held, that the release job leaves them pending, and that an ops decision releases or reverses
// them through the ledger, once. Commissions here stay under PAYOUT_MINIMUM per seller, so a
// payout batch run by another test file never pays them.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { GroupBuy } from '../../workers/objects/group-buy';
import { releaseDueCommissions } from '../../workers/services/ledger/commissions';
import { auditLog, fraudSignals, orders, sellerVisitors } from '../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';
import { appEnv, backdateDelivery, balances, db, entriesOfOrder, opsAction, runCron, shipAndDeliver } from '../ledger-helpers';

const zero = { pending: 0, available: 0, paid: 0, reversed: 0 };

/** A distinct client per test: an address from the documentation ranges and a browser of its own. */
function client() {
  const n = () => Math.floor(Math.random() * 250) + 1;
  return { 'cf-connecting-ip': `198.51.${n()}.${n()}`, 'user-agent': `Mozilla/5.0 (iPhone; ${uniq('ua')}) Mobile` };
}

const otherAddress = () => ({ name: '李四', line1: `${Math.floor(Math.random() * 900) + 100} Huaihai Rd`, city: 'Shanghai', postalCode: '200031', country: 'CN' });

/** A click on a fresh link of this seller, as the given client; returns the link id and the ref token. */
async function linkAndRef(sellerToken: string, headers: Record<string, string> = client()) {
  const link = await callJson('/api/links', { token: sellerToken, body: {} });
  expect(link.status).toBe(201);
  const res = await call(`/r/${link.body.code}`, { headers });
  expect(res.status).toBe(302);
  const ref = new URL(res.headers.get('location')!).searchParams.get('ref')!;
  const lid = JSON.parse(atob(ref.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).lid as string;
  return { code: link.body.code as string, linkId: lid, ref };
}

async function order(productId: string, opts: { ref?: string; email?: string; address?: Record<string, string>; headers?: Record<string, string>; pay?: boolean } = {}) {
  const body = orderBody([{ productId, quantity: 1 }], {
    ...(opts.ref ? { ref: opts.ref } : {}),
    shippingAddress: opts.address ?? otherAddress(),
  });
  if (opts.email) body.buyer.email = opts.email;
  const r = await placeOrder(body, uniq('idem-'), opts.headers ?? client());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const o = r.body.order as { id: string; total: { amount: number; currency: string } };
  if (opts.pay !== false) expect((await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total })).body.outcome).toBe('paid');
  return o;
}

const signalsOf = (orderId: string) => db((d) => d.select().from(fraudSignals).where(eq(fraudSignals.orderId, orderId)).orderBy(fraudSignals.kind));
const kindsOf = async (orderId: string) => (await signalsOf(orderId)).map((s) => [s.kind, s.state]);
const ledger = async (orderId: string) => (await entriesOfOrder(orderId)).map((e) => [e.level, e.kind, e.amount, e.fromBucket]);

/** The daily release job, far past the hold, for these orders only. */
const releaseJob = (ids: string[]) => db((d) => releaseDueCommissions(d, { now: new Date(Date.now() + 30 * 86_400_000), holdDays: 7, onlyOrderIds: ids }));

async function decide(orderId: string, decision: 'release' | 'reverse', token?: string) {
  return callJson(`/api/ops/signals/orders/${orderId}/${decision}`, { method: 'POST', token: token ?? (await opsToken()) });
}

/** The signed-in seller opens their stats from `headers`' device, and the sighting is recorded. */
async function seenFrom(seller: { id: string; token: string }, headers: Record<string, string>) {
  expect((await call('/api/me/stats', { token: seller.token, headers })).status).toBe(200);
  await waitFor('the sighting', async () => (await db((d) => d.select().from(sellerVisitors).where(eq(sellerVisitors.sellerId, seller.id)))).length > 0);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// 5000 × 9% = 450 at level 1: two of them stay under the payout minimum (1000).
const product = () => createProduct({ price: { amount: 5000, currency: 'CNY' }, stock: 100, commission: { level1Bps: 900, level2Bps: 0 } });

describe('a normal order', () => {
  it('is not flagged, and its commission is released by the daily job as before', async () => {
    const s = await signupSeller();
    const p = await product();
    const { ref } = await linkAndRef(s.token);
    const o = await order(p.id, { ref });
    expect(await signalsOf(o.id)).toEqual([]);
    await shipAndDeliver(o.id);
    await backdateDelivery(o.id, 8);
    expect(await releaseJob([o.id])).toBe(1);
    expect(await ledger(o.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'release', 450, null],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, available: 450 });
    // Nothing to decide on an order that was never held.
    expect((await decide(o.id, 'release')).status).toBe(409);
  });
});

describe('self-purchase', () => {
  it('by visitor: an order from where the seller was seen today is held; ops release it through the ledger, once', async () => {
    const s = await signupSeller();
    const p = await product();
    const sellersPhone = client();
    // The seller checks their dashboard from their phone …
    await seenFrom(s, sellersPhone);
    // … then buys through their own link from it, under another email and address.
    const { ref } = await linkAndRef(s.token, sellersPhone);
    const held = await order(p.id, { ref, headers: sellersPhone });
    // A friend on another phone is not flagged.
    const fine = await order(p.id, { ref });
    expect(await kindsOf(held.id)).toEqual([['self_purchase_visitor', 'open']]);
    expect(await kindsOf(fine.id)).toEqual([]);

    for (const o of [held, fine]) {
      await shipAndDeliver(o.id);
      await backdateDelivery(o.id, 8);
    }
    // The daily job releases the friend's commission and holds the flagged one in pending.
    expect(await releaseJob([held.id, fine.id])).toBe(1);
    expect(await ledger(held.id)).toEqual([[1, 'accrue', 450, null]]);
    expect(await balances(s.token)).toEqual({ ...zero, pending: 450, available: 450 });

    // Sellers and anonymous callers cannot decide.
    expect((await decide(held.id, 'release', s.token)).status).toBe(403);
    expect((await callJson(`/api/ops/signals/orders/${held.id}/release`, { method: 'POST' })).status).toBe(401);

    const r = await decide(held.id, 'release');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision).toMatchObject({ orderId: held.id, decision: 'release', signals: ['self_purchase_visitor'], releasesLater: false });
    expect(r.body.decision.entries).toEqual([{ sellerId: s.id, level: 1, kind: 'release', amount: { amount: 450, currency: 'CNY' } }]);
    expect(await ledger(held.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'release', 450, null],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, available: 900 });
    expect(await kindsOf(held.id)).toEqual([['self_purchase_visitor', 'released']]);

    // Decided once: a second decision, either way, and the job again write nothing.
    expect((await decide(held.id, 'release')).status).toBe(409);
    expect((await decide(held.id, 'reverse')).status).toBe(409);
    expect(await releaseJob([held.id])).toBe(0);
    expect(await ledger(held.id)).toHaveLength(2);

    // Shipping and delivery are audited too; the decision is one entry of its own.
    const audit = (await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `order:${held.id}`)))).filter((a) => a.action.startsWith('commission.'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'commission.release', before: { hold: 'open', signals: ['self_purchase_visitor'] } });
    expect((audit[0]!.after as { hold: string }).hold).toBe('released');
  });

  it('by address: the seller\'s own past address as a buyer holds the order; ops reverse it, and a later refund adds nothing', async () => {
    const s = await signupSeller();
    const p = await product();
    const home = { name: '王五', line1: '88 Yan\'an Rd, Apt 5', city: 'Shanghai', postalCode: '200040', country: 'CN' };
    // The seller once bought for themself, with their account email, unattributed.
    await order(p.id, { email: s.email, address: home });
    const { ref } = await linkAndRef(s.token);
    // Now through their own link, under another email and name, the address typed differently.
    const held = await order(p.id, { ref, address: { ...home, name: '小王', line1: '88 YAN’AN RD  APT 5' } });
    expect(await kindsOf(held.id)).toEqual([['self_purchase_address', 'open']]);
    // Before the decision: not released, whatever the job does.
    await shipAndDeliver(held.id);
    await backdateDelivery(held.id, 8);
    expect(await releaseJob([held.id])).toBe(0);

    const r = await decide(held.id, 'reverse');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision.entries).toEqual([{ sellerId: s.id, level: 1, kind: 'reverse', amount: { amount: 450, currency: 'CNY' } }]);
    expect(await ledger(held.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'reverse', 450, 'pending'],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, reversed: 450 });
    // The refund that may follow does not reverse twice; the job never releases it.
    await opsAction(held.id, 'refund');
    expect(await releaseJob([held.id])).toBe(0);
    expect(await ledger(held.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'reverse', 450, 'pending'],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, reversed: 450 });
    expect(await kindsOf(held.id)).toEqual([['self_purchase_address', 'reversed']]);
  });

  it('a group order reversed while its group fills never earns: no accrual when the group fills, nothing released after the hold', async () => {
    const s = await signupSeller();
    const p = await createProduct({ price: { amount: 6000, currency: 'CNY' }, stock: 20, commission: { level1Bps: 900, level2Bps: 0 }, groupBuy: { size: 2, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const phone = client();
    await seenFrom(s, phone);
    const { ref } = await linkAndRef(s.token, phone);
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref, group: { open: true }, shippingAddress: otherAddress() }), uniq('idem-'), phone);
    expect(leader.status, JSON.stringify(leader.body)).toBe(201);
    const id = leader.body.order.id as string;
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: leader.body.order.total })).body.outcome).toBe('paid');
    expect(await kindsOf(id)).toEqual([['self_purchase_visitor', 'open']]);

    const r = await decide(id, 'reverse');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision).toMatchObject({ decision: 'reverse', entries: [] });
    expect(await kindsOf(id)).toEqual([['self_purchase_visitor', 'reversed']]);

    // The group fills: the order is confirmed, but earns nothing.
    const joiner = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: leader.body.order.groupId }, shippingAddress: otherAddress() }), uniq('idem-'), client());
    expect(joiner.status).toBe(201);
    await sendTestEvent({ type: 'payment.succeeded', orderId: joiner.body.order.id, amount: joiner.body.order.total });
    await waitFor('the group to confirm the order', async () => (await db((d) => d.select({ status: orders.status }).from(orders).where(eq(orders.id, id))))[0]?.status === 'confirmed');
    expect(await entriesOfOrder(id)).toEqual([]);
    await shipAndDeliver(id);
    await backdateDelivery(id, 8);
    expect(await releaseJob([id])).toBe(0);
    expect(await entriesOfOrder(id)).toEqual([]);
  });

  it('a refunded held order has nothing to release (409); reversing it closes the hold and writes nothing new', async () => {
    const s = await signupSeller();
    const p = await product();
    const phone = client();
    await seenFrom(s, phone);
    const held = await order(p.id, { ref: (await linkAndRef(s.token)).ref, headers: phone });
    await opsAction(held.id, 'refund');
    // Refunded: nothing to release (409), reversing closes the hold and writes nothing new.
    expect((await decide(held.id, 'release')).status).toBe(409);
    expect(await kindsOf(held.id)).toEqual([['self_purchase_visitor', 'open']]);
    const r = await decide(held.id, 'reverse');
    expect(r.status).toBe(200);
    expect(r.body.decision.entries).toEqual([]);
    expect(await ledger(held.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'reverse', 450, 'pending'],
    ]);
  });

  it('sightings are kept two days: the daily job prunes older ones', async () => {
    const s = await signupSeller();
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await db((d) => d.insert(sellerVisitors).values([0, 1, 3].map((n) => ({ sellerId: s.id, day: day(n), visitorHash: `h${n}` }))));
    await runCron();
    const left = await db((d) => d.select().from(sellerVisitors).where(eq(sellerVisitors.sellerId, s.id)));
    expect(left.map((r) => r.visitorHash).sort()).toEqual(['h0', 'h1']);
  });

  it('by email: with SELF_PURCHASE_COMMISSION off the order earns nothing, so there is nothing to hold', async () => {
    const s = await signupSeller();
    const p = await product();
    const { ref } = await linkAndRef(s.token);
    const o = await order(p.id, { ref, email: s.email });
    expect(await entriesOfOrder(o.id)).toEqual([]);
    expect(await signalsOf(o.id)).toEqual([]);
  });
});

describe('many orders from one link to one address', () => {
  it(`holds the order that brings them to FRAUD_ADDRESS_ORDERS (${appEnv.FRAUD_ADDRESS_ORDERS}) and every one after`, async () => {
    const threshold = Number(appEnv.FRAUD_ADDRESS_ORDERS);
    const s = await signupSeller();
    const p = await product();
    const { ref } = await linkAndRef(s.token);
    const drop = otherAddress();
    const ids: string[] = [];
    for (let i = 0; i <= threshold; i++) ids.push((await order(p.id, { ref, address: drop, pay: false })).id);
    const flagged = [];
    for (const id of ids) flagged.push((await signalsOf(id)).map((x) => `${x.kind}:${x.observed}/${x.threshold}`));
    expect(flagged).toEqual(ids.map((_, i) => (i + 1 >= threshold ? [`address_repeat:${i + 1}/${threshold}`] : [])));
    // Another link of the same seller to the same address starts its own count.
    const other = await linkAndRef(s.token);
    expect(await signalsOf((await order(p.id, { ref: other.ref, address: drop, pay: false })).id)).toEqual([]);
  });
});

describe('click spikes', () => {
  it('one visitor clicking a link FRAUD_CLICK_SPIKE_VISITOR times, concurrently, is recorded once, and orders through that link are held', async () => {
    const threshold = Number(appEnv.FRAUD_CLICK_SPIKE_VISITOR);
    const s = await signupSeller();
    const p = await product();
    const clicker = client();
    const { code, linkId, ref } = await linkAndRef(s.token, clicker);
    // The ref click above was the first; a network is counted too when the platform names it.
    const more = threshold + 4;
    // All at once: the object counts every click once, and the crossing is recorded once.
    const res = await Promise.all(Array.from({ length: more }, () => exportsFetch(`/r/${code}`, clicker, { asn: 64_450 })));
    expect(res.map((r) => r.status)).toEqual(res.map(() => 302));
    const counter = appEnv.CLICK_COUNTER.get(appEnv.CLICK_COUNTER.idFromName(linkId));
    const spikes = await waitFor('the tally', async () => {
      const rows = await counter.spikes();
      return rows.find((r) => r.kind === 'click_spike_visitor' && r.clicks === more + 1) ? rows : undefined;
    });
    expect(spikes.find((r) => r.kind === 'click_spike_visitor')).toMatchObject({ signaled: true });
    expect(spikes.find((r) => r.kind === 'click_spike_asn')).toMatchObject({ subject: 'asn:64450', clicks: more, signaled: false });
    await counter.flush();
    const observed = await db((d) => d.select().from(fraudSignals).where(and(eq(fraudSignals.linkId, linkId), isNull(fraudSignals.orderId))));
    expect(observed.map((o) => [o.kind, o.state, o.threshold])).toEqual([['click_spike_visitor', 'observed', threshold]]);
    // Flushing again writes nothing new.
    await counter.flush();
    expect(await db((d) => d.select().from(fraudSignals).where(and(eq(fraudSignals.linkId, linkId), isNull(fraudSignals.orderId))))).toHaveLength(1);

    const o = await order(p.id, { ref });
    expect(await kindsOf(o.id)).toEqual([['click_spike_visitor', 'open']]);
    // Another link of the seller is not affected.
    const calm = await linkAndRef(s.token);
    expect(await signalsOf((await order(p.id, { ref: calm.ref })).id)).toEqual([]);
  });

  it('a network (ASN) reaching FRAUD_CLICK_SPIKE_ASN across many visitors is a spike; clicks without an address or ASN are not tallied', async () => {
    const threshold = Number(appEnv.FRAUD_CLICK_SPIKE_ASN);
    const s = await signupSeller();
    const { linkId } = await linkAndRef(s.token);
    const counter = appEnv.CLICK_COUNTER.get(appEnv.CLICK_COUNTER.idFromName(linkId));
    // The per-visitor and per-network tallies are the object's; clicks arrive in batches as the Worker sends them.
    const day = new Date().toISOString().slice(0, 10);
    const batch = (n: number, asn?: number, anonymous = false) =>
      Array.from({ length: n }, (_, i) => ({ day, visitor: `v${uniq()}${i}`, bot: false, device: 'mobile' as const, country: 'CN', asn, anonymous }));
    await counter.recordMany(linkId, batch(50, undefined, true));
    await counter.recordMany(linkId, batch(threshold - 1, 4134));
    expect((await counter.spikes()).filter((r) => r.signaled)).toEqual([]);
    await counter.recordMany(linkId, batch(1, 4134));
    const rows = await counter.spikes();
    expect(rows.filter((r) => r.kind === 'click_spike_asn')).toMatchObject([{ subject: 'asn:4134', clicks: threshold, signaled: true }]);
    // Anonymous clicks (no client address) never make a visitor tally.
    expect(rows.filter((r) => r.kind === 'click_spike_visitor' && r.clicks > 1)).toEqual([]);
    await counter.flush();
    const observed = await db((d) => d.select().from(fraudSignals).where(and(eq(fraudSignals.linkId, linkId), isNull(fraudSignals.orderId))));
    expect(observed.map((o) => [o.kind, o.subject])).toEqual([['click_spike_asn', 'asn:4134']]);
  });
});

describe('a burst of refunds', () => {
  it('concurrent refunds reaching FRAUD_REFUND_BURST record one burst and hold the seller\'s unreleased commissions; ops reverse through the ledger', async () => {
    const threshold = Number(appEnv.FRAUD_REFUND_BURST);
    const s = await signupSeller();
    const p = await product();
    const { ref } = await linkAndRef(s.token);
    // Released before the burst: stays available (a hold stops future releases only).
    const early = await order(p.id, { ref: (await linkAndRef(s.token)).ref });
    await shipAndDeliver(early.id);
    await backdateDelivery(early.id, 8);
    expect(await releaseJob([early.id])).toBe(1);
    // Pending when the burst comes: held.
    const pending = await order(p.id, { ref: (await linkAndRef(s.token)).ref });
    await shipAndDeliver(pending.id);
    await backdateDelivery(pending.id, 8);

    // Commission of 0 (level1Bps 0) keeps this seller under the payout minimum however many orders.
    const cheap = await createProduct({ price: { amount: 100, currency: 'CNY' }, stock: 100, commission: { level1Bps: 0, level2Bps: 0 } });
    const doomed = [];
    for (let i = 0; i < threshold; i++) doomed.push(await order(cheap.id, { ref }));
    const ops = await opsToken();
    const refunds = await Promise.all(doomed.map((o) => callJson(`/api/ops/orders/${o.id}/refund`, { token: ops, method: 'POST' })));
    expect(refunds.map((r) => r.status)).toEqual(doomed.map(() => 200));

    const bursts = await db((d) => d.select().from(fraudSignals).where(and(eq(fraudSignals.sellerId, s.id), isNull(fraudSignals.orderId))));
    expect(bursts.map((b) => [b.kind, b.state, b.observed, b.threshold])).toEqual([['refund_burst', 'observed', threshold, threshold]]);
    expect(await kindsOf(pending.id)).toEqual([['refund_burst', 'open']]);
    expect(await kindsOf(early.id)).toEqual([]);
    expect(await releaseJob([pending.id])).toBe(0);
    // New orders of the seller in the window are held from the start.
    const after = await order(p.id, { ref: (await linkAndRef(s.token)).ref, pay: false });
    expect(await kindsOf(after.id)).toEqual([['refund_burst', 'open']]);

    const r = await decide(pending.id, 'reverse');
    expect(r.status).toBe(200);
    expect(await ledger(pending.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'reverse', 450, 'pending'],
    ]);
    expect(await ledger(early.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'release', 450, null],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, available: 450, reversed: 450 });
  });
});

describe('a failed group', () => {
  it(`refunds FRAUD_REFUND_BURST (${appEnv.FRAUD_REFUND_BURST}) of the seller's orders without counting as a burst: nothing of theirs is held`, async () => {
    const n = Number(appEnv.FRAUD_REFUND_BURST);
    const s = await signupSeller();
    const p = await product();
    // Pending when the group fails: must stay releasable.
    const pending = await order(p.id, { ref: (await linkAndRef(s.token)).ref });
    await shipAndDeliver(pending.id);
    await backdateDelivery(pending.id, 8);

    // A group one seat larger than the burst threshold: n paid seats, then the deadline passes.
    const gp = await createProduct({ price: { amount: 200, currency: 'CNY' }, stock: 50, commission: { level1Bps: 0, level2Bps: 0 }, groupBuy: { size: n + 1, price: { amount: 100, currency: 'CNY' }, durationMinutes: 60 } });
    const { ref } = await linkAndRef(s.token);
    const opened = await placeOrder(orderBody([{ productId: gp.id, quantity: 1 }], { ref, group: { open: true }, shippingAddress: otherAddress() }), uniq('idem-'), client());
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const groupId = opened.body.order.groupId as string;
    const members = [opened.body.order];
    for (let i = 1; i < n; i++) {
      const j = await placeOrder(orderBody([{ productId: gp.id, quantity: 1 }], { group: { join: groupId }, shippingAddress: otherAddress() }), uniq('idem-'), client());
      expect(j.status, JSON.stringify(j.body)).toBe(201);
      members.push(j.body.order);
    }
    for (const m of members) expect((await sendTestEvent({ type: 'payment.succeeded', orderId: m.id, amount: m.total })).body.outcome).toBe('paid');
    const stub = appEnv.GROUP_BUY.get(appEnv.GROUP_BUY.idFromName(groupId));
    await runInDurableObject(stub, (inst: GroupBuy) => {
      inst.now = () => Date.now() + 61 * 60_000;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await waitFor('every seat refunded', async () => {
      const rows = await db((d) => d.select({ status: orders.status, seller: orders.attributedSellerId }).from(orders).where(inArray(orders.id, members.map((m) => m.id))));
      return rows.length === n && rows.every((r) => r.status === 'refunded' && r.seller === s.id);
    });

    const bursts = await db((d) => d.select().from(fraudSignals).where(and(eq(fraudSignals.sellerId, s.id), isNull(fraudSignals.orderId))));
    expect(bursts).toEqual([]);
    expect(await kindsOf(pending.id)).toEqual([]);
    expect(await releaseJob([pending.id])).toBe(1);
    // The seller's next order is not held either.
    const next = await order(p.id, { ref: (await linkAndRef(s.token)).ref, pay: false });
    expect(await kindsOf(next.id)).toEqual([]);
  });
});

describe('decisions', () => {
  it('two concurrent decisions on one held order: exactly one lands, and the ledger has one entry for it', async () => {
    const s = await signupSeller();
    const p = await product();
    const phone = client();
    await seenFrom(s, phone);
    const held = await order(p.id, { ref: (await linkAndRef(s.token)).ref, headers: phone });
    await shipAndDeliver(held.id);
    await backdateDelivery(held.id, 8);
    const [a, b] = await Promise.all([decide(held.id, 'release'), decide(held.id, 'reverse')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const kinds = (await entriesOfOrder(held.id)).map((e) => e.kind);
    expect(kinds[0]).toBe('accrue');
    expect(kinds).toHaveLength(2);
    expect(['release', 'reverse']).toContain(kinds[1]);
  });

  it('a release before delivery lifts the hold and the job releases when due; bad ids are 400, unknown orders 404', async () => {
    const s = await signupSeller();
    const p = await product();
    const phone = client();
    await seenFrom(s, phone);
    const held = await order(p.id, { ref: (await linkAndRef(s.token)).ref, headers: phone });
    const r = await decide(held.id, 'release');
    expect(r.status).toBe(200);
    expect(r.body.decision).toMatchObject({ entries: [], releasesLater: true });
    await shipAndDeliver(held.id);
    await backdateDelivery(held.id, 8);
    expect(await releaseJob([held.id])).toBe(1);
    expect(await ledger(held.id)).toEqual([
      [1, 'accrue', 450, null],
      [1, 'release', 450, null],
    ]);
    expect((await decide('nope', 'release')).status).toBe(400);
    expect((await decide('o_doesnotexist00', 'reverse')).status).toBe(404);
  });

  it('ops list signals; sellers may not', async () => {
    const list = await callJson('/api/ops/signals?state=open&limit=5', { token: await opsToken() });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.items)).toBe(true);
    for (const i of list.body.items) expect(i.state).toBe('open');
    const s = await signupSeller();
    expect((await callJson('/api/ops/signals', { token: s.token })).status).toBe(403);
    expect((await callJson('/api/ops/signals?state=bogus', { token: await opsToken() })).status).toBe(400);
  });
});

describe('the signals list', () => {
  it('pages through more than a page of signals sharing one timestamp, each exactly once (API and page)', async () => {
    // One burst's worth of observations written at the same instant, newer than anything else here.
    const at = new Date(Date.UTC(2099, 0, 1) + Math.floor(Math.random() * 1e9));
    const linkId = uniq('l_page');
    const rows = Array.from({ length: 73 }, (_, i) => ({
      id: `f_${uniq()}${i}`,
      dedupeKey: `${linkId}:${i}`,
      kind: 'click_spike_visitor' as const,
      linkId,
      subject: `v${i}`,
      observed: 30,
      threshold: 30,
      state: 'observed' as const,
      createdAt: at,
    }));
    await db((d) => d.insert(fraudSignals).values(rows));
    const mine = new Set(rows.map((r) => r.id));
    const ops = await opsToken();

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10 && seen.length < mine.size; page++) {
      const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await callJson(`/api/ops/signals?state=observed&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: ops });
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i) => i.id).filter((id) => mine.has(id)));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(mine.size);
    expect(new Set(seen).size).toBe(mine.size);

    // The page's "older" link carries the same cursor and shows the rest.
    const first = await (await call('/ops/signals?state=observed', { token: ops })).text();
    const older = first.match(/href="(\/ops\/signals\?state=observed&amp;cursor=[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toBeDefined();
    const second = await (await call(older!, { token: ops })).text();
    const onPages = [...`${first}${second}`.matchAll(/data-signal="([^"]+)"/g)].map((m) => m[1]!).filter((id) => mine.has(id));
    expect(new Set(onPages).size).toBe(mine.size);
    expect((await callJson('/api/ops/signals?cursor=not-a-cursor', { token: ops })).status).toBe(400);
  });
});

/** A request with `request.cf` set, as Cloudflare's edge sets it (the helpers' `call` cannot). */
async function exportsFetch(path: string, headers: Record<string, string>, cf: Record<string, unknown>) {
  const { exports } = await import('cloudflare:workers');
  return exports.default.fetch(new Request(`http://pinlink.test${path}`, { headers, redirect: 'manual', cf } as RequestInit));
}
