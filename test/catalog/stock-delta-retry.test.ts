// An ops stock change whose Stock sync fails is retried by ops; the retry must not add the delta twice.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { updateProduct } from '../../workers/services/catalog/product-writes';
import { withDb } from '../../workers/storage/db';
import { callJson, createProduct, opsToken, uniq } from '../helpers';

const base = env as unknown as AppEnv;

/** The same deployment, but its Stock objects cannot be reached (a fault, not a stand-in). */
const stockDown = {
  ...base,
  STOCK: new Proxy(base.STOCK, {
    get(target, prop) {
      if (prop === 'get') return () => ({ layout: () => Promise.reject(new Error('Network connection lost.')), setTotal: () => Promise.reject(new Error('Network connection lost.')) });
      return Reflect.get(target, prop);
    },
  }),
} as AppEnv;

const stockOf = async (id: string) => (await callJson(`/api/products/${id}`)).body.product as { stock: number; stockAvailable: number };

describe('PATCH stockDelta with an Idempotency-Key', () => {
  it('a retry after a failed Stock sync applies the delta once and heals the object', async () => {
    const p = await createProduct({ stock: 10 });
    const key = uniq('chg-');
    await expect(withDb(stockDown, (db) => updateProduct(stockDown, db, p.id, { stockDelta: 5 }, key))).rejects.toThrow();
    // Postgres has the change; the object does not yet.
    const retry = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token: await opsToken(), headers: { 'idempotency-key': key }, body: { stockDelta: 5 } });
    expect(retry.status).toBe(200);
    expect(retry.body.product.stock).toBe(15);
    const again = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token: await opsToken(), headers: { 'idempotency-key': key }, body: { stockDelta: 5 } });
    expect(again.body.product.stock).toBe(15);
    expect(await stockOf(p.id)).toMatchObject({ stock: 15, stockAvailable: 15 });
    // A new key is a new change.
    const next = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token: await opsToken(), headers: { 'idempotency-key': uniq('chg-') }, body: { stockDelta: -3 } });
    expect(next.body.product.stock).toBe(12);
    expect(await stockOf(p.id)).toMatchObject({ stock: 12, stockAvailable: 12 });
  });

  it('concurrent retries of one change apply it once', async () => {
    const p = await createProduct({ stock: 4 });
    const key = uniq('chg-');
    const token = await opsToken();
    const rs = await Promise.all(
      Array.from({ length: 6 }, () => callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, headers: { 'idempotency-key': key }, body: { stockDelta: 2 } })),
    );
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await stockOf(p.id)).toMatchObject({ stock: 6, stockAvailable: 6 });
  });

  it('the same key with another patch is refused with 422 idempotency_mismatch and changes nothing', async () => {
    const p = await createProduct({ stock: 4 });
    const key = uniq('chg-');
    const token = await opsToken();
    const patch = (body: Record<string, unknown>) => callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, headers: { 'idempotency-key': key }, body });
    const first = await patch({ stockDelta: 2, title: 'First title' });
    expect(first.status).toBe(200);
    // The same body in another key order is the same change.
    expect((await patch({ title: 'First title', stockDelta: 2 })).status).toBe(200);
    for (const other of [{ stockDelta: 3, title: 'First title' }, { stockDelta: 2, title: 'Second title' }, { stockDelta: 2 }]) {
      const r = await patch(other);
      expect([r.status, r.body.error?.code], JSON.stringify(other)).toEqual([422, 'idempotency_mismatch']);
    }
    const now = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(now).toMatchObject({ title: 'First title', stock: 6, stockAvailable: 6 });
  });
});
