// After-sales through the real Worker, Postgres and Stock objects: refunds before shipping by
// line, the return path, rejections, the buyer's authorization, and the money and ledger they move.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { unitsPayAmount } from '../../shared/orders/discount-split';
import { outbox } from '../buyer-helpers';
import { callJson, createProduct, signupSeller } from '../helpers';
import { db, entriesOfOrder, opsAction, refFor, shipAndDeliver } from '../ledger-helpers';
import { afterSales } from '../../workers/storage/schema';
import { ask, buyerOrder, linesOf, opsStep, orderView, refundsOf, sendBack, stockOf } from './helpers';

const price = (amount: number) => ({ price: { amount, currency: 'CNY' }, stock: 10, commission: { level1Bps: 1000, level2Bps: 300 } });

describe('a refund before shipping, line by line', () => {
  it('refunds one line of three at once, then the rest: amounts, ledger at both levels, stock and the final status', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const [p1, p2, p3] = [await createProduct(price(10000)), await createProduct(price(5000)), await createProduct(price(3333))];
    const ref = await refFor(b.token, { productId: p1.id });
    const o = await buyerOrder(
      [
        { productId: p1.id, quantity: 2 },
        { productId: p2.id, quantity: 1 },
        { productId: p3.id, quantity: 3 },
      ],
      { ref },
    );
    expect(o.total).toBe(34999);
    expect(await stockOf(p1.id)).toBe(8);
    // Accrued per line: level 1 = 2000 + 500 + 999, level 2 = 600 + 150 + 299.
    const accrued = (await entriesOfOrder(o.id)).filter((e) => e.kind === 'accrue');
    expect(accrued.map((e) => [e.level, e.amount]).sort()).toEqual([
      [1, 3499],
      [2, 1049],
    ]);

    const first = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p1.id, quantity: 1 }] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.afterSale).toMatchObject({ orderId: o.id, kind: 'refund', status: 'refunded', amount: { amount: 10000, currency: 'CNY' }, refund: 'settled' });
    expect(first.body.afterSale.lines).toEqual([{ productId: p1.id, title: p1.title, quantity: 1, amount: { amount: 10000, currency: 'CNY' } }]);
    let view = await orderView(o.id);
    expect(view).toMatchObject({ status: 'paid', refundedAmount: { amount: 10000 }, refundedUnits: { [p1.id]: 1 } });
    // A refund before shipping puts the unit back on sale at once.
    expect(await stockOf(p1.id)).toBe(9);
    let reversals = (await entriesOfOrder(o.id)).filter((e) => e.kind === 'reverse');
    expect(reversals.map((e) => [e.sellerId, e.level, e.amount, e.fromBucket, e.afterSaleId])).toEqual(
      expect.arrayContaining([
        [b.id, 1, 1000, 'pending', first.body.afterSale.id],
        [a.id, 2, 300, 'pending', first.body.afterSale.id],
      ]),
    );
    expect(reversals).toHaveLength(2);

    const rest = await ask(o.buyer, o.id, {
      kind: 'refund',
      lines: [
        { productId: p1.id, quantity: 1 },
        { productId: p2.id, quantity: 1 },
        { productId: p3.id, quantity: 3 },
      ],
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.afterSale.amount.amount).toBe(10000 + 5000 + 9999);
    view = await orderView(o.id);
    expect(view).toMatchObject({ status: 'refunded', refundedAmount: { amount: 34999 } });
    expect(await stockOf(p1.id)).toBe(10);
    expect(await stockOf(p3.id)).toBe(10);
    // The refund that completes the order reverses exactly what is left: the sum is the accrual.
    const entries = await entriesOfOrder(o.id);
    reversals = entries.filter((e) => e.kind === 'reverse');
    expect(reversals).toHaveLength(4);
    for (const acc of accrued) {
      const mine = reversals.filter((r) => r.sellerId === acc.sellerId && r.level === acc.level);
      expect(mine.reduce((s, r) => s + r.amount, 0)).toBe(acc.amount);
      expect(mine.every((r) => r.afterSaleId !== null)).toBe(true);
    }
    // One provider refund per after-sale, under its own key, both settled.
    const owed = await refundsOf(o.id);
    expect(owed.map((r) => [r.id, r.amount, r.state]).sort()).toEqual(
      [
        [first.body.afterSale.id, 10000, 'settled'],
        [rest.body.afterSale.id, 24999, 'settled'],
      ].sort(),
    );
    expect((await linesOf(o.id)).every((l) => l.refundedQuantity === l.quantity && l.restockedQuantity === l.quantity)).toBe(true);
    // Nothing is left to refund.
    const again = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p2.id, quantity: 1 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    // The buyer was told, in the order's language.
    expect((await outbox(o.email)).filter((m) => /已退款|Refunded/.test(m.subject))).toHaveLength(2);
  });

  it('splits a discounted line by its pay amount, remainder on the last unit refunded', async () => {
    const s = await signupSeller();
    const p1 = await createProduct(price(1000));
    const p2 = await createProduct(price(2001));
    // 1000×3 + 2001 = 5001, less 1000 off, split in proportion with the one discount split.
    const o = await buyerOrder(
      [
        { productId: p1.id, quantity: 3 },
        { productId: p2.id, quantity: 1 },
      ],
      { discount: 1000, ref: await refFor(s.token, { productId: p1.id }) },
    );
    expect(o.total).toBe(4001);
    const lines = await linesOf(o.id);
    const pay1 = lines.find((l) => l.productId === p1.id)!.payAmount!;
    expect(pay1 + lines.find((l) => l.productId === p2.id)!.payAmount!).toBe(4001);
    // Commission is on each line's pay amount, not its list price.
    const pay2 = lines.find((l) => l.productId === p2.id)!.payAmount!;
    const accrued = (await entriesOfOrder(o.id)).find((e) => e.kind === 'accrue' && e.level === 1)!;
    expect(accrued.amount).toBe(Math.floor(pay1 / 10) + Math.floor(pay2 / 10));
    expect(accrued.amount).toBeLessThan(500);
    const r1 = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p1.id, quantity: 1 }] });
    expect(r1.body.afterSale.amount.amount).toBe(Math.floor(pay1 / 3));
    const r2 = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p1.id, quantity: 2 }] });
    // The last units carry the line's remainder: the line's refunds add up to its pay amount.
    expect(r2.body.afterSale.amount.amount).toBe(unitsPayAmount(pay1, 3, 1, 2));
    expect(r1.body.afterSale.amount.amount + r2.body.afterSale.amount.amount).toBe(pay1);
    expect((await orderView(o.id)).status).toBe('paid');
    const r3 = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p2.id, quantity: 1 }] });
    expect(r3.status).toBe(201);
    const v = await orderView(o.id);
    expect(v).toMatchObject({ status: 'refunded', refundedAmount: { amount: 4001 } });
    const reversed = (await entriesOfOrder(o.id)).filter((e) => e.kind === 'reverse' && e.level === 1);
    expect(reversed).toHaveLength(3);
    expect(reversed.reduce((n, e) => n + e.amount, 0)).toBe(accrued.amount);
  });
});

describe('a return', () => {
  it('goes requested → approved → returned → refunded, stock back only when ops receive it', async () => {
    const s = await signupSeller();
    const p = await createProduct(price(8800));
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }], { ref: await refFor(s.token, { productId: p.id }) });
    // A shipped order can't take a refund-only ask; before delivery, no return either.
    await opsAction(o.id, 'ship');
    const early = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    expect(early.status).toBe(409);
    const refundOnly = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }] });
    expect(refundOnly.status).toBe(409);
    await opsAction(o.id, 'deliver');
    const stockBefore = await stockOf(p.id);

    const asked = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }], note: '尺码不合适' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const id = asked.body.afterSale.id;
    expect(asked.body.afterSale).toMatchObject({ status: 'requested', amount: { amount: 8800 }, note: '尺码不合适', refund: null });
    // Not approved yet: no tracking number, no receipt.
    expect((await sendBack(o.buyer, id)).status).toBe(409);
    expect((await opsStep(id, 'receive')).status).toBe(409);

    const approved = await opsStep(id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.afterSale.status).toBe('approved');
    const sent = await sendBack(o.buyer, id);
    expect(sent.status).toBe(200);
    expect(sent.body.afterSale).toMatchObject({ status: 'returned', returnShipment: { carrier: 'SF' } });
    expect(await stockOf(p.id)).toBe(stockBefore);
    expect((await orderView(o.id)).refundedAmount.amount).toBe(0);

    const received = await opsStep(id, 'receive');
    expect(received.status).toBe(200);
    expect(received.body.afterSale).toMatchObject({ status: 'refunded', refund: 'settled' });
    expect(await stockOf(p.id)).toBe(stockBefore + 1);
    expect(await orderView(o.id)).toMatchObject({ status: 'delivered', refundedAmount: { amount: 8800 } });
    // Receiving twice changes nothing: no second refund, no second unit.
    expect((await opsStep(id, 'receive')).status).toBe(409);
    expect(await stockOf(p.id)).toBe(stockBefore + 1);
    expect(await refundsOf(o.id)).toHaveLength(1);
    const rev = (await entriesOfOrder(o.id)).filter((e) => e.kind === 'reverse');
    expect(rev.map((e) => [e.level, e.amount, e.afterSaleId])).toEqual([[1, 880, id]]);
    // An email at each step.
    const subjects = (await outbox(o.email)).map((m) => m.subject).join('\n');
    for (const re of [/退货申请|Return request/, /已通过|approved/, /退货单号|tracking/, /已退款|Refunded/]) expect(subjects).toMatch(re);

    // The buyer's lists show it.
    const mine = await callJson('/api/buyer/after-sales', { token: o.buyer });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('may be rejected with a reason, after which the buyer may ask again', async () => {
    const p = await createProduct(price(5000));
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await shipAndDeliver(o.id);
    const asked = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    expect(asked.status).toBe(201);
    expect((await opsStep(asked.body.afterSale.id, 'reject', {})).status).toBe(400);
    const rejected = await opsStep(asked.body.afterSale.id, 'reject', { reason: '商品已使用 used' });
    expect(rejected.body.afterSale).toMatchObject({ status: 'rejected', rejectReason: '商品已使用 used', refund: null });
    expect((await opsStep(asked.body.afterSale.id, 'approve')).status).toBe(409);
    expect((await orderView(o.id)).refundedAmount.amount).toBe(0);
    expect((await outbox(o.email)).some((m) => /未通过|not approved/.test(m.subject) && m.text.includes('商品已使用'))).toBe(true);
    const again = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    expect(again.status).toBe(201);
  });
});

describe("the buyer's own orders only, and clear answers to bad asks", () => {
  it('401 without a token, 404 for another buyer, 400 for a product not in the order or bad lines', async () => {
    const p = await createProduct(price(3000));
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    const other = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    const noToken = await callJson(`/api/buyer/orders/${o.id}/after-sales`, { body: { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }], reason: 'x' } });
    expect(noToken.status).toBe(401);
    const notMine = await ask(other.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }] });
    expect(notMine.status).toBe(404);
    const stranger = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: other.id.replace(/^o_/, 'p_'), quantity: 1 }] });
    expect(stranger.status).toBe(400);
    expect((await ask(o.buyer, o.id, { kind: 'refund', lines: [] })).status).toBe(400);
    expect((await ask(o.buyer, o.id, { kind: 'swap', lines: [{ productId: p.id, quantity: 1 }] })).status).toBe(400);
    expect((await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 2 }] })).status).toBe(409);
    const mine = await ask(o.buyer, o.id, { kind: 'refund', lines: [{ productId: p.id, quantity: 1 }] });
    expect(mine.status).toBe(201);
    // Another buyer can neither read it nor send a tracking number for it.
    expect((await callJson(`/api/buyer/after-sales/${mine.body.afterSale.id}`, { token: other.buyer })).status).toBe(404);
    expect((await sendBack(other.buyer, mine.body.afterSale.id)).status).toBe(404);
    expect((await callJson(`/api/buyer/after-sales/${mine.body.afterSale.id}`, { token: o.buyer })).status).toBe(200);
    // A refund-only after-sale takes no tracking number; ops can't approve it either.
    expect((await sendBack(o.buyer, mine.body.afterSale.id)).status).toBe(409);
    expect((await opsStep(mine.body.afterSale.id, 'approve')).status).toBe(409);
    const row = await db((d) => d.select().from(afterSales).where(eq(afterSales.id, mine.body.afterSale.id)));
    expect(row[0]!.restockedAt).not.toBeNull();
  });
});
