// The demo coupons: written straight to Postgres, so each coupon's object rebuilds its terms and
// counts from those rows on its first call; a second run changes nothing.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buyerCoupons } from '../../../workers/storage/schema';
import { seedDemoCoupons } from '../../../scripts/seed/seed-coupons';
import { orderFor } from '../../buyer-helpers';
import { callJson } from '../../helpers';
import { db } from '../../ledger-helpers';
import { buyer, claim, myCoupons } from './coupon-helpers';

describe('demo coupons', () => {
  it('offers three coupons, one claimed, and the objects count from the seeded rows', async () => {
    const email = `seeded-${Date.now()}@example.test`;
    await orderFor(email, { until: 'completed' });
    const first = await db((d) => seedDemoCoupons(d));
    expect(first).toEqual({ coupons: 3, claims: 1 });
    expect(await db((d) => seedDemoCoupons(d))).toEqual({ coupons: 0, claims: 0 });
    const listed = ((await callJson('/api/coupons')).body.items as { id: string; remaining: number | null }[]).filter((c) => c.id.startsWith('c_demo'));
    expect(Object.fromEntries(listed.map((c) => [c.id, c.remaining]))).toEqual({ c_demoWelcome01: 499, c_demoTea00001: 100, c_demoPercent1: null });
    // The buyer who holds the welcome coupon is at its limit: the object learnt that from Postgres.
    // The seed gives it to the buyer of the newest completed order (this test's, unless another test's is newer).
    const [row] = await db((d) => d.select().from(buyerCoupons).where(eq(buyerCoupons.id, 'k_demoClaim0001')));
    const holder = await buyer(row!.buyerEmail);
    expect((await myCoupons(holder.token)).map((k) => [k.id, k.state])).toEqual([['k_demoClaim0001', 'unused']]);
    expect((await claim('c_demoWelcome01', holder.token)).body.error.code).toBe('limit_reached');
    expect((await claim('c_demoWelcome01', (await buyer()).token)).status).toBe(201);
  });
});
