// Seller codes (推广码): creation and uniqueness, checkout (case, split, self-use, inactive
// sellers) and their place in the order of precedence.
import { afterEach, describe, expect, it } from 'vitest';
import { sendTestEvent } from '../checkout-helpers';
import { entriesOfOrder, refFor } from '../ledger-helpers';
import { callJson, createProduct, signupSeller, uniq } from '../helpers';
import { buyerEmail, order, paid, resetProgram, setApproval, setBinding, setCodes, setSuspended } from './program-helpers';

afterEach(resetProgram);

const newCode = () => `C${uniq().toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 14);
const putCode = (token: string, code: string) => callJson('/api/me/codes', { token, body: { code } });

describe('seller codes (推广码)', () => {
  it('are unique regardless of case; a new code replaces the seller\'s old one', async () => {
    const [a, b] = await Promise.all([signupSeller(), signupSeller()]);
    const code = newCode();
    const created = await putCode(a.token, code.toLowerCase());
    expect([created.status, created.body]).toEqual([201, { code, percentOff: 5 }]);
    const taken = await putCode(b.token, code);
    expect([taken.status, taken.body.error?.code]).toEqual([409, 'conflict']);
    for (const bad of ['abc', 'ab-cd', 'A'.repeat(17), '']) expect((await putCode(a.token, bad)).status).toBe(400);

    const next = newCode();
    expect((await putCode(a.token, next)).status).toBe(201);
    const mine = await callJson('/api/me/codes', { token: a.token });
    expect(mine.body.items.map((i: { code: string; active: boolean }) => [i.code, i.active])).toEqual([
      [next, true],
      [code, false],
    ]);
    const p = await createProduct();
    const old = await order({ productId: p.id, email: buyerEmail(), promoCode: code });
    expect([old.status, old.body.error?.code]).toEqual([409, 'coupon_not_applicable']);
    const unknown = await order({ productId: p.id, email: buyerEmail(), promoCode: 'NOSUCHCODE99' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([409, 'coupon_not_applicable']);
  });

  it('two sellers claiming one code at once: exactly one gets it', async () => {
    const sellers = await Promise.all(Array.from({ length: 6 }, () => signupSeller()));
    const code = newCode();
    const results = await Promise.all(sellers.map((s, i) => putCode(s.token, i % 2 ? code : code.toLowerCase())));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('at checkout: matched regardless of case, the discount split exactly over three lines, the provider asked for the total, commission on each line\'s pay amount', async () => {
    await setCodes({ percentOff: 10 });
    const a = await signupSeller();
    const code = newCode();
    await putCode(a.token, code);
    const [p1, p2, p3] = await Promise.all([
      createProduct({ price: { amount: 3333, currency: 'CNY' } }),
      createProduct({ price: { amount: 4999, currency: 'CNY' } }),
      createProduct({ price: { amount: 10001, currency: 'CNY' } }),
    ]);
    const items = [
      { productId: p1.id, quantity: 1 },
      { productId: p2.id, quantity: 2 },
      { productId: p3.id, quantity: 1 },
    ];
    const r = await order({ productId: p1.id, items, email: buyerEmail(), promoCode: code.toLowerCase() });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // 23332 × 10% = 2333.2 → 2333; shares 333 and 999 floored, the last line takes 1001.
    expect(r.body.order).toMatchObject({ total: { amount: 20999 }, subtotal: { amount: 23332 }, discount: { amount: 2333 } });
    const wrong = await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: { amount: 23332, currency: 'CNY' } });
    expect(wrong.status).toBe(400);
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total })).body.outcome).toBe('paid');
    const v = (await callJson(`/api/orders/${r.body.order.id}`, { token: r.body.orderToken })).body.order;
    const payOf = Object.fromEntries(v.items.map((i: { productId: string; payAmount: { amount: number } }) => [i.productId, i.payAmount.amount]));
    expect(payOf).toEqual({ [p1.id]: 3000, [p2.id]: 8999, [p3.id]: 9000 });
    expect(v.attribution).toMatchObject({ sellerId: a.id, source: 'code', linkId: null, commissionable: true });
    // 10% of 3000 + 8999 + 9000, floored per line: 300 + 899 + 900.
    const accrued = (await entriesOfOrder(v.id)).filter((e) => e.kind === 'accrue' && e.sellerId === a.id);
    expect(accrued.map((e) => e.amount)).toEqual([2099]);
  });

  it('maxDiscount caps the discount', async () => {
    await setCodes({ percentOff: 50, maxDiscount: { amount: 1000, currency: 'CNY' } });
    const a = await signupSeller();
    const code = newCode();
    await putCode(a.token, code);
    const p = await createProduct({ price: { amount: 9900, currency: 'CNY' } });
    const v = await paid({ productId: p.id, email: buyerEmail(), promoCode: code });
    expect([v.subtotal.amount, v.discount.amount, v.total.amount]).toEqual([9900, 1000, 8900]);
  });

  it('self-use: the seller gets the discount and no commission', async () => {
    const a = await signupSeller();
    const code = newCode();
    await putCode(a.token, code);
    const p = await createProduct({ price: { amount: 10000, currency: 'CNY' } });
    const signedIn = await paid({ productId: p.id, email: buyerEmail(), promoCode: code, token: a.token });
    expect([signedIn.discount.amount, signedIn.total.amount]).toEqual([500, 9500]);
    expect(signedIn.attribution).toMatchObject({ sellerId: a.id, source: 'code', commissionable: false });
    expect(await entriesOfOrder(signedIn.id)).toEqual([]);
    const byEmail = await paid({ productId: p.id, email: a.email, promoCode: code });
    expect(byEmail.attribution).toMatchObject({ sellerId: a.id, source: 'code', commissionable: false });
    expect(await entriesOfOrder(byEmail.id)).toEqual([]);
  });

  it('a suspended or pending seller\'s code is refused at checkout, and a pending seller cannot create one', async () => {
    const [a, b] = await Promise.all([signupSeller(), signupSeller()]);
    const [ca, cb] = [newCode(), newCode()];
    await putCode(a.token, ca);
    await putCode(b.token, cb);
    const p = await createProduct();
    await setSuspended(a.id, true);
    await setApproval(b.id, 'pending');
    for (const code of [ca, cb]) {
      const r = await order({ productId: p.id, email: buyerEmail(), promoCode: code });
      expect([r.status, r.body.error?.code]).toEqual([409, 'coupon_not_applicable']);
    }
    const denied = await putCode(b.token, newCode());
    expect([denied.status, denied.body.error?.code]).toEqual([403, 'forbidden']);
    await setApproval(b.id, 'approved');
    expect((await order({ productId: p.id, email: buyerEmail(), promoCode: cb })).status).toBe(201);
  });

  it('is for plain orders only: with a group it is 400', async () => {
    const a = await signupSeller();
    const code = newCode();
    await putCode(a.token, code);
    const p = await createProduct({ groupBuy: { size: 3, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const r = await callJson('/api/orders', {
      body: { items: [{ productId: p.id, quantity: 1 }], buyer: { email: buyerEmail(), name: 'Z' }, shippingAddress: { name: 'Z', line1: '1 Rd', city: 'SH', postalCode: '200001', country: 'CN' }, group: { open: true }, promoCode: code },
      headers: { 'idempotency-key': uniq('k') },
    });
    expect([r.status, r.body.error?.code]).toEqual([400, 'invalid_input']);
  });

  it('precedence: a code beats a link, and beats a first binding in force', async () => {
    await setBinding({ mode: 'first', days: 30 });
    const [a, b] = await Promise.all([signupSeller(), signupSeller()]);
    const code = newCode();
    await putCode(a.token, code);
    const p = await createProduct();
    const email = buyerEmail();
    const viaLinkAndCode = await paid({ productId: p.id, email, ref: await refFor(b.token), promoCode: code });
    expect(viaLinkAndCode.attribution).toMatchObject({ sellerId: a.id, source: 'code' });
    // The code's order bound the buyer to a (first mode): b's link now loses to the binding...
    expect((await paid({ productId: p.id, email, ref: await refFor(b.token) })).attribution).toMatchObject({ sellerId: a.id, source: 'binding' });
    // ...but b's code beats it.
    const codeB = newCode();
    await putCode(b.token, codeB);
    expect((await paid({ productId: p.id, email, promoCode: codeB })).attribution).toMatchObject({ sellerId: b.id, source: 'code' });
  });
});
