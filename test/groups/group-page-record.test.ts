// A decided group whose GroupBuy object holds no state (imported history, or lost object storage)
// still has a page, read from its Postgres record; an open group is only ever its object's.
import { describe, expect, it } from 'vitest';
import { groups } from '../../workers/storage/schema';
import { call, createProduct, uniq } from '../helpers';
import { db } from '../ledger-helpers';

async function recordOnly(status: 'open' | 'succeeded' | 'failed', productId: string) {
  const id = `g_${uniq().replace(/[^a-z0-9]/gi, '').padEnd(12, '0')}`;
  await db((d) =>
    d.insert(groups).values({ id, productId, leaderOrderId: `o_${uniq()}`, size: 3, priceAmount: 5000, expiresAt: new Date(Date.now() - 3_600_000), status, members: status === 'succeeded' ? 3 : 1 }),
  );
  return id;
}

describe('group pages from the record', () => {
  it('a decided group with no object state shows how it ended; an open one without its object is a 404', async () => {
    const p = await createProduct({ groupBuy: { size: 3, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const failed = await call(`/g/${await recordOnly('failed', p.id)}`);
    expect(failed.status).toBe(200);
    expect(await failed.text()).toContain(p.title);
    const succeeded = await (await call(`/g/${await recordOnly('succeeded', p.id)}?lang=en`)).text();
    expect(succeeded).toContain('3/3');
    expect((await call(`/g/${await recordOnly('open', p.id)}`)).status).toBe(404);
  });
});
