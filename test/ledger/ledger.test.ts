// The commission ledger through the real Worker and Postgres. Money leaves by withdrawals
// (test/program/withdrawals.test.ts); their batches are in test/program/payout-batches.test.ts.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { moveOrder } from '../../workers/services/orders/orders';
import { commissionEntries, orders } from '../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';
import {
  backdateDelivery,
  balances,
  db,
  earnings,
  entriesOf,
  entriesOfOrder,
  opsAction,
  paidOrder,
  refFor,
  runCron,
  shipAndDeliver,
} from '../ledger-helpers';

async function orderStatus(id: string): Promise<string> {
  return (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order.status;
}

const zero = { pending: 0, available: 0, paid: 0, reversed: 0 };

/** The seller withdraws `amount` (the whole available balance, in the story) by the real route. */
async function withdraw(token: string, amount: number) {
  return callJson('/api/me/withdrawals', { token, body: { amount: { amount, currency: 'CNY' }, method: { kind: 'alipay', account: 'seller@alipay.test', name: 'Seller' } } });
}

describe('accrual', () => {
  it('chain A←B←C: C\'s sale pays C level 1 and B level 2, and nothing to A', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const c = await signupSeller({ inviteCode: b.inviteCode });
    const p = await createProduct({ price: { amount: 12345, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 300 } });
    const o = await paidOrder([{ productId: p.id, quantity: 2 }], { ref: await refFor(c.token) });

    // 24690 × 10% = 2469; × 3% = 740.7 → 740 (floor).
    expect((await entriesOfOrder(o.id)).map((e) => [e.sellerId, e.level, e.kind, e.amount])).toEqual([
      [c.id, 1, 'accrue', 2469],
      [b.id, 2, 'accrue', 740],
    ]);
    expect(await balances(c.token)).toEqual({ ...zero, pending: 2469 });
    expect(await balances(b.token)).toEqual({ ...zero, pending: 740 });
    expect(await balances(a.token)).toEqual(zero);
    expect(await entriesOf(a.id)).toEqual([]);
    expect((await earnings(c.token)).orders).toBe(1);
    expect((await earnings(b.token)).orders).toBe(0);
  });

  it('rates each product at its own bps, snapshotted at order time', async () => {
    const s = await signupSeller();
    const p1 = await createProduct({ price: { amount: 1999, currency: 'CNY' }, commission: { level1Bps: 500, level2Bps: 0 } });
    const p2 = await createProduct({ price: { amount: 3333, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 0 } });
    const r = await placeOrder(orderBody([{ productId: p1.id, quantity: 1 }, { productId: p2.id, quantity: 1 }], { ref: await refFor(s.token) }));
    expect(r.status).toBe(201);
    // Ops raise the rate between order and payment: the sale still earns what it was offered at.
    const patched = await callJson(`/api/ops/products/${p2.id}`, { token: await opsToken(), method: 'PATCH', body: { commission: { level1Bps: 5000, level2Bps: 0 } } });
    expect(patched.status).toBe(200);
    await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
    // floor(1999 × 5%) + floor(3333 × 10%) = 99 + 333.
    expect((await entriesOfOrder(r.body.order.id)).map((e) => [e.level, e.kind, e.amount])).toEqual([[1, 'accrue', 432]]);
  });

  it('self-purchase earns nothing (and the seller still counts no commission from it)', async () => {
    const s = await signupSeller();
    const p = await createProduct();
    const o = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), buyerEmail: s.email });
    const view = (await callJson(`/api/orders/${o.id}`, { token: o.token })).body.order;
    expect(view.attribution).toMatchObject({ sellerId: s.id, commissionable: false });
    expect(await entriesOfOrder(o.id)).toEqual([]);
    expect(await balances(s.token)).toEqual(zero);
    // It is still an attributed, paid order.
    expect((await earnings(s.token)).orders).toBe(1);
  });

  it('nothing accrues without attribution, or before payment', async () => {
    const p = await createProduct();
    const o = await paidOrder([{ productId: p.id, quantity: 1 }]);
    expect(await entriesOfOrder(o.id)).toEqual([]);
    const s = await signupSeller();
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token) }));
    expect(await entriesOfOrder(r.body.order.id)).toEqual([]);
    expect((await earnings(s.token)).orders).toBe(0);
  });

  it('a group order accrues at confirmation, not at payment', async () => {
    const inviter = await signupSeller();
    const s = await signupSeller({ inviteCode: inviter.inviteCode });
    const p = await createProduct({ price: { amount: 6000, currency: 'CNY' }, groupBuy: { size: 2, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), group: { open: true } }));
    expect(leader.status).toBe(201);
    const id = leader.body.order.id as string;
    await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: leader.body.order.total });
    expect(await orderStatus(id)).toBe('awaiting_group');
    expect(await entriesOfOrder(id)).toEqual([]);
    expect((await earnings(s.token)).orders).toBe(0);
    const joiner = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: leader.body.order.groupId } }));
    expect(joiner.status).toBe(201);
    await sendTestEvent({ type: 'payment.succeeded', orderId: joiner.body.order.id, amount: joiner.body.order.total });
    expect(await orderStatus(id)).toBe('confirmed');
    // 10% and 3% of the group price actually paid.
    expect((await entriesOfOrder(id)).map((e) => [e.sellerId, e.level, e.kind, e.amount])).toEqual([
      [s.id, 1, 'accrue', 500],
      [inviter.id, 2, 'accrue', 150],
    ]);
    expect((await earnings(s.token)).orders).toBe(2); // the joiner, with no ref of their own, inherits the group's seller
    // A repeated or stale move writes nothing twice.
    expect(await db((d) => moveOrder(d, id, 'awaiting_group', 'confirmed'))).toBeUndefined();
    expect(await entriesOfOrder(id)).toHaveLength(2);
  });

  it('a paid group order that is refunded before the group fills leaves nothing to reverse', async () => {
    const s = await signupSeller();
    const p = await createProduct({ groupBuy: { size: 3, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), group: { open: true } }));
    const id = leader.body.order.id as string;
    await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: leader.body.order.total });
    expect(await orderStatus(id)).toBe('awaiting_group');
    await sendTestEvent({ type: 'refund.succeeded', orderId: id, amount: leader.body.order.total });
    expect(await orderStatus(id)).toBe('refunded');
    expect(await entriesOfOrder(id)).toEqual([]);
  });
});

describe('refunds', () => {
  it('before release: reverse out of pending; after release: reverse out of available', async () => {
    const s = await signupSeller();
    const p = await createProduct({ price: { amount: 10000, currency: 'CNY' } });
    const ref = await refFor(s.token);
    const early = await paidOrder([{ productId: p.id, quantity: 1 }], { ref });
    await opsAction(early.id, 'refund');
    expect((await entriesOfOrder(early.id)).map((e) => [e.kind, e.amount, e.fromBucket])).toEqual([
      ['accrue', 1000, null],
      ['reverse', 1000, 'pending'],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, reversed: 1000 });

    const late = await paidOrder([{ productId: p.id, quantity: 1 }], { ref });
    await shipAndDeliver(late.id);
    await backdateDelivery(late.id, 8);
    await runCron();
    expect(await balances(s.token)).toEqual({ ...zero, available: 1000, reversed: 1000 });
    await opsAction(late.id, 'refund');
    expect((await entriesOfOrder(late.id)).map((e) => [e.kind, e.amount, e.fromBucket])).toEqual([
      ['accrue', 1000, null],
      ['release', 1000, null],
      ['reverse', 1000, 'available'],
    ]);
    expect(await balances(s.token)).toEqual({ ...zero, reversed: 2000 });
    expect((await earnings(s.token)).orders).toBe(0);
  });
});

describe('the whole story: invite → link → order → pay → deliver → release → withdrawal → refund', () => {
  it('keeps every balance right at every step', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const p = await createProduct({ price: { amount: 20000, currency: 'CNY' }, stock: 10, commission: { level1Bps: 1000, level2Bps: 300 } });
    const ref = await refFor(b.token, { productId: p.id, channel: 'wechat' });

    // Order and pay: B earns 2000 (level 1), A 600 (level 2), both pending.
    const o = await paidOrder([{ productId: p.id, quantity: 1 }], { ref });
    expect(await balances(b.token)).toEqual({ ...zero, pending: 2000 });
    expect(await balances(a.token)).toEqual({ ...zero, pending: 600 });
    const bStats = await earnings(b.token);
    expect(bStats.orders).toBe(1);
    expect(bStats.conversionRate).toBe(bStats.clicks > 0 ? 1 / bStats.clicks : 0);

    // Delivered: still held.
    await shipAndDeliver(o.id);
    await runCron();
    expect(await balances(b.token)).toEqual({ ...zero, pending: 2000 });

    // Six days on, still held; once the hold ends (HOLD_DAYS = 7) the cron releases, and
    // running it again changes nothing.
    await backdateDelivery(o.id, 6);
    await runCron();
    expect(await balances(b.token)).toEqual({ ...zero, pending: 2000 });
    await backdateDelivery(o.id, 7);
    await runCron();
    await runCron();
    expect(await balances(b.token)).toEqual({ ...zero, available: 2000 });
    expect(await balances(a.token)).toEqual({ ...zero, available: 600 });

    // Withdrawal: B takes the whole 2000; A's 600 is under the program's ¥10 minimum.
    const w = await withdraw(b.token, 2000);
    expect(w.status).toBe(201);
    expect(w.body.withdrawal).toMatchObject({ amount: { amount: 2000, currency: 'CNY' }, status: 'requested' });
    expect((await withdraw(a.token, 600)).status).toBe(400);
    expect(await balances(b.token)).toEqual({ ...zero, paid: 2000 });
    expect(await balances(a.token)).toEqual({ ...zero, available: 600 });
    for (const [step, body] of [['approve', undefined], ['mark-paid', { reference: 'T-1' }]] as const) {
      expect((await callJson(`/api/ops/withdrawals/${w.body.withdrawal.id}/${step}`, { token: await opsToken(), method: 'POST', body })).status).toBe(200);
    }
    // The old payout batches' history stays empty for a seller who only ever withdrew.
    expect((await callJson('/api/me/payouts', { token: b.token })).body.items).toEqual([]);

    // Refund after the withdrawal: B's withdrawn commission becomes a clawback, owed until later
    // commission pays it off; A's unwithdrawn one is simply reversed out of available.
    await opsAction(o.id, 'refund');
    expect(await balances(b.token)).toEqual({ pending: 0, available: -2000, paid: 2000, reversed: 2000 });
    expect(await balances(a.token)).toEqual({ ...zero, reversed: 600 });
    expect((await entriesOfOrder(o.id)).map((e) => [e.sellerId === b.id ? 'B' : 'A', e.kind, e.amount])).toEqual([
      ['B', 'accrue', 2000],
      ['A', 'accrue', 600],
      ['B', 'release', 2000],
      ['A', 'release', 600],
      ['B', 'clawback', -2000],
      ['A', 'reverse', 600],
    ]);
    expect((await earnings(b.token)).orders).toBe(0);

    // The next sale first repays the clawback: 3000 earned, 1000 net can be withdrawn.
    const o2 = await paidOrder([{ productId: p.id, quantity: 1 }, { productId: (await createProduct({ price: { amount: 10000, currency: 'CNY' } })).id, quantity: 1 }], { ref });
    await shipAndDeliver(o2.id);
    await backdateDelivery(o2.id, 8);
    await runCron();
    expect(await balances(b.token)).toEqual({ pending: 0, available: 1000, paid: 2000, reversed: 2000 });
    expect((await withdraw(b.token, 1001)).body.error.code).toBe('insufficient_balance');
    expect((await withdraw(b.token, 1000)).status).toBe(201);
    expect(await balances(b.token)).toEqual({ pending: 0, available: 0, paid: 3000, reversed: 2000 });

    // The seller's own ledger, paginated, newest first.
    const page1 = await callJson('/api/me/commissions?limit=3', { token: b.token });
    const page2 = await callJson(`/api/me/commissions?limit=3&cursor=${page1.body.nextCursor}`, { token: b.token });
    const all = [...page1.body.items, ...page2.body.items];
    expect(all.map((e: { kind: string; amount: { amount: number } }) => [e.kind, e.amount.amount])).toEqual([
      ['withdraw', 1000],
      ['release', 3000],
      ['accrue', 3000],
      ['clawback', -2000],
      ['withdraw', 2000],
      ['release', 2000],
    ]);
    const page3 = await callJson(`/api/me/commissions?limit=3&cursor=${page2.body.nextCursor}`, { token: b.token });
    expect(page3.body).toMatchObject({ items: [{ kind: 'accrue' }], nextCursor: null });
  });
});

describe('withdrawals and the ledger', () => {
  it('refunds racing withdrawals: a commission that was withdrawn is clawed back, never just reversed', async () => {
    const s = await signupSeller();
    const p = await createProduct({ price: { amount: 15000, currency: 'CNY' }, stock: 20, commission: { level1Bps: 1000, level2Bps: 0 } });
    const ref = await refFor(s.token);
    const ids: string[] = [];
    await Promise.all(
      // One address each: eight orders from one link to one address would raise an address_repeat
      // signal and hold some commissions, depending on how the concurrent checkouts interleave.
      Array.from({ length: 8 }, async (_, i) => {
        const o = await paidOrder([{ productId: p.id, quantity: 1 }], { ref, addressLine: `${i + 1} Racing Rd` });
        await shipAndDeliver(o.id);
        await backdateDelivery(o.id, 8);
        ids.push(o.id);
      }),
    );
    await runCron();
    expect(await balances(s.token)).toEqual({ ...zero, available: 12000 });
    // Each refund and withdrawal starts the moment the previous one is under way.
    const racing: Promise<unknown>[] = [];
    for (const [i, id] of ids.slice(0, 6).entries()) {
      racing.push(opsAction(id, 'refund'));
      if (i % 2 === 0) racing.push(withdraw(s.token, 1500));
    }
    await Promise.all(racing);
    const entries = await entriesOf(s.id);
    const payoutSeqs = entries.filter((e) => e.kind === 'withdraw').map((e) => e.seq);
    for (const id of ids.slice(0, 6)) {
      const release = entries.find((e) => e.orderId === id && e.kind === 'release')!;
      const corrections = entries.filter((e) => e.orderId === id && (e.kind === 'reverse' || e.kind === 'clawback'));
      expect(corrections).toHaveLength(1);
      const paidBetween = payoutSeqs.some((q) => q > release.seq && q < corrections[0]!.seq);
      expect(corrections[0]!.kind).toBe(paidBetween ? 'clawback' : 'reverse');
    }
    const b = await balances(s.token);
    expect(b.reversed).toBe(9000);
    expect(b.available + b.paid).toBe(3000);
    expect(b.paid).toBe(entries.filter((e) => e.kind === 'withdraw').reduce((x, e) => x + e.amount, 0));
  });

  it('ops only; sellers see only their own entries; bad ids are 400, unknown 404', async () => {
    const s = await signupSeller();
    expect((await callJson('/api/ops/payouts', { token: s.token, method: 'POST' })).status).toBe(403);
    expect((await callJson('/api/ops/payouts', { method: 'POST' })).status).toBe(401);
    expect((await callJson('/api/ops/payouts/b_doesNotExist1', { token: await opsToken() })).status).toBe(404);
    expect((await callJson('/api/ops/payouts/b_doesNotExist1/mark-paid', { token: await opsToken(), method: 'POST' })).status).toBe(404);
    const bad = await callJson('/api/ops/payouts/..%2Fx', { token: await opsToken() });
    expect([400, 404]).toContain(bad.status);
    expect((await callJson('/api/ops/payouts/o_notAPayout1', { token: await opsToken() })).body.error.code).toBe('invalid_input');
    expect((await callJson('/api/me/commissions?cursor=abc', { token: s.token })).status).toBe(400);
    expect((await callJson('/api/me/commissions?limit=0', { token: s.token })).status).toBe(400);
    expect((await callJson('/api/me/commissions')).status).toBe(401);
    expect((await callJson('/api/me/commissions', { token: await opsToken() })).status).toBe(403);

    const other = await signupSeller();
    const p = await createProduct();
    await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(other.token) });
    expect((await callJson('/api/me/commissions', { token: s.token })).body).toEqual({ items: [], nextCursor: null });
    expect((await callJson('/api/me/commissions', { token: other.token })).body.items).toHaveLength(1);
    const list = await callJson('/api/ops/payouts?limit=2', { token: await opsToken() });
    expect(list.status).toBe(200);
  });
});

describe('daily job', () => {
  it('sweeps stale reservations through the Stock service and moveOrder, idempotently', async () => {
    const p = await createProduct({ stock: 3 });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    const id = r.body.order.id as string;
    const fresh = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    const stock = async () => (await callJson(`/api/products/${p.id}`)).body.product.stockAvailable;
    expect(await stock()).toBe(0);
    // Test-only clock move: the reservation ended an hour ago and the Stock alarm never cancelled it.
    await db((d) => d.update(orders).set({ reservationExpiresAt: sql`now() - interval '1 hour'` }).where(eq(orders.id, id)));
    await runCron();
    await runCron();
    const view = (await callJson(`/api/orders/${id}`, { token: r.body.orderToken })).body.order;
    expect(view.status).toBe('cancelled');
    expect(await stock()).toBe(2);
    expect((await callJson(`/api/orders/${fresh.body.order.id}`, { token: fresh.body.orderToken })).body.order.status).toBe('pending_payment');
  });
});

describe('append-only', () => {
  it('the database refuses a ledger entry of the wrong sign or shape', async () => {
    const bad = [
      { sellerId: 's_x', kind: 'accrue' as const, orderId: 'o_x', level: 1, amount: -5 },
      { sellerId: 's_x', kind: 'clawback' as const, orderId: 'o_x', level: 1, amount: 5 },
      { sellerId: 's_x', kind: 'payout' as const, orderId: 'o_x', level: 1, amount: 5 },
      { sellerId: 's_x', kind: 'reverse' as const, orderId: 'o_x', level: 1, amount: 5 },
      { sellerId: 's_x', kind: 'accrue' as const, orderId: 'o_x', level: 3, amount: 5 },
    ];
    for (const row of bad) {
      await expect(db((d) => d.insert(commissionEntries).values(row))).rejects.toThrow();
    }
  });
});
