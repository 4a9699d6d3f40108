// Buyer binding (锁粉): every mode, days passing, the sellers' count, and what it costs checkout.
import { afterEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../workers/services/orders/checkout';
import { appEnv, db, refFor } from '../ledger-helpers';
import { callJson, createProduct, signupSeller, uniq } from '../helpers';
import { orderBody } from '../checkout-helpers';
import { ageBinding, bindingOf, buyerEmail, countingDb, lapseBinding, paid, resetProgram, setBinding } from './program-helpers';

afterEach(resetProgram);

describe('binding (锁粉)', () => {
  it('latest: a paid attributed order binds the buyer, a later order with no link is the binding\'s, and a newer link moves it', async () => {
    await setBinding({ mode: 'latest', days: 30 });
    const [a, b, p] = await Promise.all([signupSeller(), signupSeller(), createProduct()]);
    const email = buyerEmail();
    const first = await paid({ productId: p.id, email, ref: await refFor(a.token) });
    expect(first.attribution).toMatchObject({ sellerId: a.id, source: 'link' });
    expect((await bindingOf(email))?.sellerId).toBe(a.id);

    const again = await paid({ productId: p.id, email });
    expect(again.attribution).toMatchObject({ sellerId: a.id, source: 'binding', linkId: null, commissionable: true });

    const viaB = await paid({ productId: p.id, email, ref: await refFor(b.token) });
    expect(viaB.attribution).toMatchObject({ sellerId: b.id, source: 'link' });
    expect((await bindingOf(email))?.sellerId).toBe(b.id);
    expect((await paid({ productId: p.id, email })).attribution).toMatchObject({ sellerId: b.id, source: 'binding' });
  });

  it('first: another seller\'s link does not move a binding in force; once it lapses the link wins and rebinds', async () => {
    await setBinding({ mode: 'first', days: 30 });
    const [a, b, p] = await Promise.all([signupSeller(), signupSeller(), createProduct()]);
    const email = buyerEmail();
    await paid({ productId: p.id, email, ref: await refFor(a.token) });
    const held = await paid({ productId: p.id, email, ref: await refFor(b.token) });
    expect(held.attribution).toMatchObject({ sellerId: a.id, source: 'binding' });
    expect((await bindingOf(email))?.sellerId).toBe(a.id);

    await lapseBinding(email);
    const moved = await paid({ productId: p.id, email, ref: await refFor(b.token) });
    expect(moved.attribution).toMatchObject({ sellerId: b.id, source: 'link' });
    expect((await bindingOf(email))?.sellerId).toBe(b.id);
  });

  it('new_buyers_only: only a buyer with no earlier paid order is bound', async () => {
    await setBinding({ mode: 'new_buyers_only', days: 30 });
    const [a, p] = await Promise.all([signupSeller(), createProduct()]);
    const returning = buyerEmail();
    await paid({ productId: p.id, email: returning });
    await paid({ productId: p.id, email: returning, ref: await refFor(a.token) });
    expect(await bindingOf(returning)).toBeNull();
    expect((await paid({ productId: p.id, email: returning })).attribution).toBeNull();

    const fresh = buyerEmail();
    await paid({ productId: p.id, email: fresh, ref: await refFor(a.token) });
    expect((await bindingOf(fresh))?.sellerId).toBe(a.id);
    expect((await paid({ productId: p.id, email: fresh })).attribution).toMatchObject({ sellerId: a.id, source: 'binding' });
    // A new_buyers_only binding never moves: the buyer is no longer new.
    const other = await signupSeller();
    await paid({ productId: p.id, email: fresh, ref: await refFor(other.token) });
    expect((await bindingOf(fresh))?.sellerId).toBe(a.id);
  });

  it('days: the binding holds for its days and lapses at the end of them; null is permanent', async () => {
    await setBinding({ mode: 'latest', days: 7 });
    const [a, p] = await Promise.all([signupSeller(), createProduct()]);
    const email = buyerEmail();
    await paid({ productId: p.id, email, ref: await refFor(a.token) });
    const bound = await bindingOf(email);
    expect(bound!.expiresAt!.getTime() - bound!.boundAt.getTime()).toBe(7 * 86_400_000);
    await ageBinding(email, 6);
    const day6 = await paid({ productId: p.id, email });
    expect(day6.attribution).toMatchObject({ source: 'binding', sellerId: a.id });
    // latest refreshed it with that order: age it past its whole window.
    await ageBinding(email, 7);
    expect((await paid({ productId: p.id, email })).attribution).toBeNull();

    await setBinding({ mode: 'latest', days: null });
    const forever = buyerEmail();
    await paid({ productId: p.id, email: forever, ref: await refFor(a.token) });
    expect((await bindingOf(forever))?.expiresAt).toBeNull();
    await ageBinding(forever, 3000);
    expect((await paid({ productId: p.id, email: forever })).attribution).toMatchObject({ source: 'binding', sellerId: a.id });
  });

  it('a self-purchase binds no one, and GET /api/me/stats counts the buyers bound now', async () => {
    await setBinding({ mode: 'latest', days: 30 });
    const [a, p] = await Promise.all([signupSeller(), createProduct()]);
    const before = await callJson('/api/me/stats', { token: a.token });
    expect(before.body.boundBuyers).toBe(0);
    const e1 = buyerEmail();
    const e2 = buyerEmail();
    await paid({ productId: p.id, email: e1, ref: await refFor(a.token) });
    await paid({ productId: p.id, email: e2, ref: await refFor(a.token) });
    await paid({ productId: p.id, email: a.email, ref: await refFor(a.token) });
    expect(await bindingOf(a.email)).toBeNull();
    expect((await callJson('/api/me/stats', { token: a.token })).body.boundBuyers).toBe(2);
    await lapseBinding(e2);
    expect((await callJson('/api/me/stats', { token: a.token })).body.boundBuyers).toBe(1);
  });

  it('an order the binding attributes costs checkout one statement more than an unattributed one, and no more than a link', async () => {
    await setBinding({ mode: 'latest', days: 30 });
    const [a, p] = await Promise.all([signupSeller(), createProduct()]);
    const bound = buyerEmail();
    await paid({ productId: p.id, email: bound, ref: await refFor(a.token) });
    const ref = await refFor(a.token);
    const count = (email: string, extra: Record<string, unknown> = {}) =>
      db(async (real) => {
        const c = countingDb(real);
        const body = orderBody([{ productId: p.id, quantity: 1 }], extra);
        body.buyer.email = email;
        await createOrder({ env: appEnv, db: c.db }, { body: body as never, idempotencyKey: uniq('count-'), origin: 'http://pinlink.test' });
        return c.counted.length;
      });
    const none = await count(buyerEmail());
    const viaBinding = await count(bound);
    const viaLink = await count(buyerEmail(), { ref });
    expect(viaBinding).toBe(none + 1);
    expect(viaBinding).toBeLessThanOrEqual(viaLink);
  });
});
