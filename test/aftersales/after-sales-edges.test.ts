// After-sales at their edges: concurrent asks, the return window's last moment, a refund after
// the commission was paid out, the refund burst, and an ops full refund after partial ones.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/orders/after-sale-state';
import { callJson, createProduct, opsToken, signupSeller } from '../helpers';
import { backdateDelivery, balances, db, entriesOfOrder, opsAction, refFor, runCron, shipAndDeliver } from '../ledger-helpers';
import { countSellerRefunds } from '../../workers/storage/trust/fraud-repo';
import { createScheduledController } from 'cloudflare:test';
import worker from '../../workers/index';
import { afterSales, orderItems, orders } from '../../workers/storage/schema';
import { appEnv } from '../ledger-helpers';
import { ask, buyerOrder, opsStep, orderView, refundsOf, sendBack, stockOf } from './helpers';

const minuteCron = () => worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), appEnv);

const product = (amount: number, stock = 10) => createProduct({ price: { amount, currency: 'CNY' }, stock, commission: { level1Bps: 1000, level2Bps: 300 } });

/** Test-only clock move: delivered exactly `ms` ago (by the database's clock). */
const deliveredAgo = (orderId: string, ms: number) =>
  db((d) => d.update(orders).set({ deliveredAt: sql`now() - make_interval(secs => ${ms / 1000})` }).where(eq(orders.id, orderId)));

describe('one open after-sale per order', () => {
  it('two concurrent returns on one order: exactly one opens, the other is 409 conflict', async () => {
    const p = await product(4000);
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }]);
    await shipAndDeliver(o.id);
    const results = await Promise.all(
      [1, 2].map(() => ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('conflict');
    const open = await callJson('/api/buyer/after-sales', { token: o.buyer });
    expect(open.body.items).toHaveLength(1);
  });

  it('two concurrent refunds of the whole order: one refunds, the other finds nothing left', async () => {
    const p = await product(4000);
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }]);
    const results = await Promise.all([1, 2].map(() => ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 2 }] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await orderView(o.id)).toMatchObject({ status: 'refunded', refundedAmount: { amount: 8000 } });
    expect(await refundsOf(o.id)).toHaveLength(1);
  });
});

describe('the return window', () => {
  it('is open until exactly RETURN_DAYS after delivery, and closed after', async () => {
    const p = await product(2000);
    const inside = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    const outside = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await shipAndDeliver(inside.id);
    await shipAndDeliver(outside.id);
    // RETURN_DAYS = 7 (wrangler.toml). A few seconds inside the edge, and a few seconds past it.
    await deliveredAgo(inside.id, 7 * DAY_MS - 5_000);
    await deliveredAgo(outside.id, 7 * DAY_MS + 5_000);
    const ok = await ask(inside.buyer, inside.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const late = await ask(outside.buyer, outside.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/window/);
  });
});

describe('a refund after the commission was withdrawn', () => {
  it('claws back what was paid out and reverses what was not, line by line, at both levels; the last return takes exactly what is left', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const p1 = await product(20000);
    const p2 = await product(10000);
    const ref = await refFor(b.token, { productId: p1.id });
    const o = await buyerOrder(
      [
        { productId: p1.id, quantity: 1 },
        { productId: p2.id, quantity: 1 },
      ],
      { ref },
    );
    await shipAndDeliver(o.id);
    await backdateDelivery(o.id, 8);
    await runCron();
    // B withdraws the whole released 3000; A's 900 is under the minimum withdrawal and stays available.
    const w = await callJson('/api/me/withdrawals', { token: b.token, body: { amount: { amount: 3000, currency: 'CNY' }, method: { kind: 'alipay', account: 'b@alipay.test', name: 'B' } } });
    expect(w.status).toBe(201);
    expect(await balances(b.token)).toMatchObject({ available: 0, paid: 3000 });
    // Delivered 8 days ago is past the window: ops moved it back into the window for this test.
    await deliveredAgo(o.id, DAY_MS);

    const r1 = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p2.id, quantity: 1 }] });
    expect(r1.status).toBe(201);
    await opsStep(r1.body.afterSale.id, 'approve');
    await sendBack(o.buyer, r1.body.afterSale.id);
    expect((await opsStep(r1.body.afterSale.id, 'receive')).status).toBe(200);
    // B withdrew (3000): clawed back. A's 900 stayed available: reversed out of available.
    const back1 = (await entriesOfOrder(o.id)).filter((e) => e.kind === 'clawback' || e.kind === 'reverse');
    expect(back1.map((e) => [e.sellerId, e.level, e.kind, e.amount, e.fromBucket, e.afterSaleId]).sort()).toEqual(
      [
        [b.id, 1, 'clawback', -1000, null, r1.body.afterSale.id],
        [a.id, 2, 'reverse', 300, 'available', r1.body.afterSale.id],
      ].sort(),
    );
    expect(await balances(a.token)).toEqual({ pending: 0, available: 600, paid: 0, reversed: 300 });
    // Netted against the next withdrawal: the ledger's available goes negative (shown as owed).
    expect(await balances(b.token)).toEqual({ pending: 0, available: -1000, paid: 3000, reversed: 1000 });
    expect((await orderView(o.id)).status).toBe('delivered');

    const r2 = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p1.id, quantity: 1 }] });
    await opsStep(r2.body.afterSale.id, 'approve');
    await sendBack(o.buyer, r2.body.afterSale.id);
    expect((await opsStep(r2.body.afterSale.id, 'receive')).status).toBe(200);
    expect(await orderView(o.id)).toMatchObject({ status: 'refunded', refundedAmount: { amount: 30000 } });
    const entries = await entriesOfOrder(o.id);
    for (const acc of entries.filter((e) => e.kind === 'accrue')) {
      const back = entries.filter((e) => e.sellerId === acc.sellerId && e.level === acc.level && (e.kind === 'clawback' || e.kind === 'reverse'));
      expect(back.reduce((s, e) => s + Math.abs(e.amount), 0)).toBe(acc.amount);
    }
    expect(await balances(b.token)).toEqual({ pending: 0, available: -3000, paid: 3000, reversed: 3000 });
    expect(await balances(a.token)).toEqual({ pending: 0, available: 0, paid: 0, reversed: 900 });
  });
});

describe('units back on sale', () => {
  it('the minute job restocks a refunded after-sale whose restock never ran, and never twice', async () => {
    const p = await product(2200, 6);
    const o = await buyerOrder([{ productId: p.id, quantity: 3 }]);
    const asked = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 2 }] });
    expect(asked.status).toBe(201);
    expect(await stockOf(p.id)).toBe(5);
    // As if the step after the commit never finished: Postgres forgot it, the Stock object did not.
    await db(async (d) => {
      await d.update(afterSales).set({ restockedAt: null, refundedAt: sql`now() - interval '5 minutes'` }).where(eq(afterSales.id, asked.body.afterSale.id));
      await d.update(orderItems).set({ restockedQuantity: 0 }).where(eq(orderItems.orderId, o.id));
    });
    await minuteCron();
    expect(await stockOf(p.id)).toBe(5);
    const [row] = await db((d) => d.select().from(afterSales).where(eq(afterSales.id, asked.body.afterSale.id)));
    expect(row!.restockedAt).not.toBeNull();
    const [line] = await db((d) => d.select().from(orderItems).where(eq(orderItems.orderId, o.id)));
    expect(line!.restockedQuantity).toBe(2);
    await minuteCron();
    expect(await stockOf(p.id)).toBe(5);
  });
});

describe('refund burst and ops', () => {
  it("counts each of the buyer's own after-sale refunds toward the seller's burst, and a refunded order once", async () => {
    const s = await signupSeller();
    const p = await product(3000);
    const ref = await refFor(s.token, { productId: p.id });
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }], { ref });
    const since = new Date(Date.now() - 3_600_000);
    const count = () => db((d) => d.transaction((tx) => countSellerRefunds(tx, s.id, since)));
    expect(await count()).toBe(0);
    await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }] });
    expect(await count()).toBe(1);
    await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }] });
    expect((await orderView(o.id)).status).toBe('refunded');
    expect(await count()).toBe(2);
  });

  it('an ops full refund after a partial one refunds only what is left, and reverses only what is left', async () => {
    const s = await signupSeller();
    const p1 = await product(6000);
    const p2 = await product(4000);
    const o = await buyerOrder(
      [
        { productId: p1.id, quantity: 1 },
        { productId: p2.id, quantity: 1 },
      ],
      { ref: await refFor(s.token, { productId: p1.id }) },
    );
    const part = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p2.id, quantity: 1 }] });
    expect(part.status).toBe(201);
    // While an after-sale is open ops answer it first; this one is already refunded.
    await opsAction(o.id, 'refund');
    expect(await orderView(o.id)).toMatchObject({ status: 'refunded', refundedAmount: { amount: 10000 } });
    const owed = await refundsOf(o.id);
    expect(owed.map((r) => [r.afterSaleId, r.amount]).sort()).toEqual(
      [
        [part.body.afterSale.id, 4000],
        [null, 6000],
      ].sort(),
    );
    const entries = await entriesOfOrder(o.id);
    const acc = entries.find((e) => e.kind === 'accrue')!;
    expect(entries.filter((e) => e.kind === 'reverse').reduce((s2, e) => s2 + e.amount, 0)).toBe(acc.amount);
    // The order is refunded: no more after-sales.
    expect((await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p1.id, quantity: 1 }] })).status).toBe(409);
  });

  it('ops see the queue by status, with counts', async () => {
    const p = await product(1500);
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await shipAndDeliver(o.id);
    const asked = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    const q = await callJson('/api/ops/after-sales?status=requested&limit=200', { token: await opsToken() });
    expect(q.status).toBe(200);
    expect(q.body.items.some((x: { id: string; buyerEmail: string }) => x.id === asked.body.afterSale.id && x.buyerEmail === o.email)).toBe(true);
    expect(q.body.counts.requested).toBeGreaterThanOrEqual(1);
    expect((await callJson('/api/ops/after-sales?status=nope', { token: await opsToken() })).status).toBe(400);
    expect((await callJson('/api/ops/after-sales', { token: o.buyer })).status).toBe(401);
    // An ops full refund waits for the open after-sale.
    const refund = await callJson(`/api/ops/orders/${o.id}/refund`, { token: await opsToken(), method: 'POST' });
    expect(refund.status).toBe(409);
  });
});
