// The demo bargains (砍价): the white tea offers one (down to ¥49 with 5 helpers in 48 hours);
// one bargain on it is open with two cuts, another has succeeded. Rows only: each Bargain object
// restores its record from Postgres the first time it is asked (services/promotions/bargains.ts).
// Fixed ids + ON CONFLICT DO NOTHING make re-running it a no-op.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../workers/storage/db';
import { bargainCuts, bargains, products } from '../../workers/storage/schema';
import { demoProductId } from './seed-demo';

const HOUR = 3_600_000;
export const DEMO_BARGAINS = { open: 'd_demoBargain0001', succeeded: 'd_demoBargain0002' } as const;

export async function seedDemoBargains(db: Db, now = Date.now()) {
  const productId = demoProductId('Tea00003');
  const offer = { floorPriceAmount: 4900, helpersNeeded: 5, durationHours: 48 };
  await db.update(products).set({ bargain: offer }).where(and(eq(products.id, productId), isNull(products.bargain)));
  const base = { productId, startPriceAmount: 9900, floorPriceAmount: offer.floorPriceAmount, helpersNeeded: offer.helpersNeeded };
  const demo = [
    { id: DEMO_BARGAINS.open, ownerEmail: 'xiaomei@pinlink.local', ownerName: '小美', status: 'open' as const, cuts: [1210, 786], at: now - 2 * HOUR },
    { id: DEMO_BARGAINS.succeeded, ownerEmail: 'aqiang@pinlink.local', ownerName: '阿强', status: 'succeeded' as const, cuts: [1890, 1204, 977, 543, 386], at: now - 20 * HOUR },
  ];
  for (const b of demo) {
    const inserted = await db
      .insert(bargains)
      .values({ ...base, id: b.id, ownerEmail: b.ownerEmail, ownerName: b.ownerName, status: b.status, expiresAt: new Date(b.at + offer.durationHours * HOUR), createdAt: new Date(b.at), succeededAt: b.status === 'succeeded' ? new Date(b.at + 3 * HOUR) : null })
      .onConflictDoNothing()
      .returning({ id: bargains.id });
    if (!inserted.length) continue;
    const names = ['阿花', 'Tom', '老王', '小李', 'Mia'];
    await db.insert(bargainCuts).values(b.cuts.map((amount, i) => ({ bargainId: b.id, helperEmail: `helper${i + 1}@pinlink.local`, helperName: names[i]!, amount, seq: i + 1, at: new Date(b.at + (i + 1) * 20 * 60_000) }))).onConflictDoNothing();
  }
  return { bargains: demo.length };
}
