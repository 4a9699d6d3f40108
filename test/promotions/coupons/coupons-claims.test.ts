// Claims (API.md v3 "Coupons"): one writer per coupon, exact under any burst, refusals free.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Coupon } from '../../../workers/objects/coupon';
import { claimCoupon, couponStub } from '../../../workers/services/promotions/coupons';
import { buyerCoupons } from '../../../workers/storage/schema';
import { tripwire } from '../../checkout-helpers';
import { callJson, opsToken } from '../../helpers';
import { appEnv, db } from '../../ledger-helpers';
import { buyer, claim, claimed, createCoupon, myCoupons } from './coupon-helpers';

const rowsOf = (couponId: string) => db((d) => d.select().from(buyerCoupons).where(eq(buyerCoupons.couponId, couponId)));
const patch = async (id: string, body: unknown) => callJson(`/api/ops/coupons/${id}`, { token: await opsToken(), method: 'PATCH', body });
const opsRow = async (id: string) => ((await callJson('/api/ops/coupons', { token: await opsToken() })).body.items as any[]).find((c) => c.id === id);

describe('claiming coupons', () => {
  it('grants exactly 50 of 300 claims at once, and writes exactly those', async () => {
    const c = await createCoupon({ totalCount: 50 });
    const buyers = await Promise.all(Array.from({ length: 300 }, () => buyer()));
    const rs = await Promise.all(buyers.map((b) => claim(c.id, b.token)));
    const codes = rs.map((r) => (r.status === 201 ? 'ok' : r.body.error.code));
    expect(codes.filter((x) => x === 'ok')).toHaveLength(50);
    expect(codes.filter((x) => x === 'coupon_exhausted')).toHaveLength(250);
    const rows = await rowsOf(c.id);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.buyerEmail)).size).toBe(50);
    expect((await opsRow(c.id)).remaining).toBe(0);
    // Exhausted coupons are not offered.
    expect(((await callJson('/api/coupons')).body.items as any[]).some((x) => x.id === c.id)).toBe(false);
  });

  it('lets one buyer with ten claims at once hold exactly perBuyerLimit', async () => {
    const c = await createCoupon({ totalCount: null, perBuyerLimit: 2 });
    const b = await buyer();
    const rs = await Promise.all(Array.from({ length: 10 }, () => claim(c.id, b.token)));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(2);
    expect(rs.filter((r) => r.status === 409).every((r) => r.body.error.code === 'limit_reached')).toBe(true);
    const mine = (await myCoupons(b.token)).filter((x) => x.couponId === c.id);
    expect(mine.map((x) => x.state)).toEqual(['unused', 'unused']);
    expect((await rowsOf(c.id)).map((r) => r.claimNo).sort()).toEqual([1, 2]);
    // Unlimited: remaining is null in the public list.
    expect(((await callJson('/api/coupons')).body.items as any[]).find((x) => x.id === c.id).remaining).toBeNull();
  });

  it('answers every refusal without a Postgres statement', async () => {
    const exhausted = await createCoupon({ totalCount: 1 });
    const limited = await createCoupon({ totalCount: null, perBuyerLimit: 1 });
    const stopped = await createCoupon();
    const ended = await createCoupon({ validity: { kind: 'fixed', startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' } });
    const b = await buyer();
    await claimed(exhausted.id, await buyer());
    await claimed(limited.id, b);
    expect((await patch(stopped.id, { active: false })).status).toBe(200);
    const wire = tripwire();
    const codes = await Promise.all(
      [exhausted.id, limited.id, stopped.id, ended.id].map((id) => claimCoupon(appEnv, () => wire.db, id, b.email).then(() => 'granted', (e) => e.code)),
    );
    expect(codes).toEqual(['coupon_exhausted', 'limit_reached', 'coupon_not_applicable', 'coupon_not_applicable']);
    expect(wire.touched).toEqual([]);
  });

  it('raises and stops through the object and never resets what was claimed', async () => {
    const c = await createCoupon({ totalCount: 2 });
    await claimed(c.id, await buyer());
    await claimed(c.id, await buyer());
    expect((await claim(c.id, (await buyer()).token)).body.error.code).toBe('coupon_exhausted');
    // Lowering is refused; raising adds exactly the difference.
    expect((await patch(c.id, { totalCount: 1 })).body.error.code).toBe('conflict');
    const raised = await patch(c.id, { totalCount: 3 });
    expect(raised.status).toBe(200);
    expect(raised.body.coupon).toMatchObject({ totalCount: 3, claimed: 2, remaining: 1 });
    await claimed(c.id, await buyer());
    expect((await claim(c.id, (await buyer()).token)).body.error.code).toBe('coupon_exhausted');
    // A stop, then a restart, leaves the count where it was.
    expect((await patch(c.id, { active: false })).body.coupon.active).toBe(false);
    expect((await claim(c.id, (await buyer()).token)).body.error.code).toBe('coupon_not_applicable');
    expect((await patch(c.id, { active: true, totalCount: 3 })).status).toBe(200);
    expect((await claim(c.id, (await buyer()).token)).body.error.code).toBe('coupon_exhausted');
    expect(await opsRow(c.id)).toMatchObject({ claimed: 3, remaining: 0, totalCount: 3, active: true });
    expect(await rowsOf(c.id)).toHaveLength(3);
    expect((await patch('c_nosuchcoupon1', { active: false })).status).toBe(404);
  });

  it('writes a grant whose claim route never did, once, from the object', async () => {
    const c = await createCoupon({ totalCount: 5 });
    const b = await buyer();
    // The object granted, then the route died before its write.
    const r = await couponStub(appEnv, c.id).claim(c.id, b.email);
    expect(r.kind).toBe('granted');
    expect(await rowsOf(c.id)).toHaveLength(0);
    await runInDurableObject(couponStub(appEnv, c.id), (o: Coupon) => {
      o.now = () => Date.now() + 60_000;
    });
    expect(await runDurableObjectAlarm(couponStub(appEnv, c.id))).toBe(true);
    const rows = await rowsOf(c.id);
    expect(rows.map((x) => x.buyerEmail)).toEqual([b.email]);
    // The grant counted: a second claim by the same buyer is over the limit, and no row doubles.
    expect((await claim(c.id, b.token)).body.error.code).toBe('limit_reached');
    expect(await rowsOf(c.id)).toHaveLength(1);
    expect((await myCoupons(b.token)).find((x) => x.couponId === c.id)?.state).toBe('unused');
  });

  it('keeps a grant whose write to Postgres fails, and writes it from the object', async () => {
    const c = await createCoupon({ totalCount: 5 });
    const b = await buyer();
    // Postgres refuses the write: the claim still stands, as the object granted it.
    const wire = tripwire();
    const got = await claimCoupon(appEnv, () => wire.db, c.id, b.email);
    expect(wire.touched.length).toBeGreaterThan(0);
    expect(got).toMatchObject({ couponId: c.id, state: 'unused' });
    expect(await rowsOf(c.id)).toHaveLength(0);
    // A second later, the object's alarm writes it.
    await runInDurableObject(couponStub(appEnv, c.id), (o: Coupon) => {
      o.now = () => Date.now() + 2_000;
    });
    expect(await runDurableObjectAlarm(couponStub(appEnv, c.id))).toBe(true);
    expect((await rowsOf(c.id)).map((r) => r.id)).toEqual([got.id]);
    expect((await myCoupons(b.token)).map((x) => x.id)).toContain(got.id);
  });

  it('refuses bad input, other roles and unknown coupons with clear codes', async () => {
    const ops = await opsToken();
    expect((await callJson('/api/ops/coupons', { token: ops, body: { title: 'x' } })).status).toBe(400);
    const pct = await callJson('/api/ops/coupons', {
      token: ops,
      body: { title: '九折', discount: { kind: 'percent', percentOff: 95 }, minSpend: { amount: 0, currency: 'CNY' }, scope: { kind: 'all' }, totalCount: 1, validity: { kind: 'after_claim', days: 1 } },
    });
    expect(pct.body.error.code).toBe('invalid_input');
    const b = await buyer();
    expect((await callJson('/api/ops/coupons', { token: b.token })).status).toBe(401);
    expect((await callJson('/api/coupons/c_nosuchcoupon1/claim', { method: 'POST' })).status).toBe(401);
    expect((await claim('c_nosuchcoupon2', b.token)).status).toBe(404);
    expect((await claim('bad id', b.token)).status).toBe(400);
  });
});
