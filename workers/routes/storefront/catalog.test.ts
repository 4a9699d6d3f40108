import { describe, expect, it } from 'vitest';
import { call, callJson, createProduct, opsToken, productBody, uniq } from '../../../test/helpers';

describe('catalog API', () => {
  it('ops create a product and anyone can read it', async () => {
    const token = await opsToken();
    const body = productBody({ groupBuy: { size: 3, price: { amount: 6900, currency: 'CNY' }, durationMinutes: 60 } });
    const created = await callJson('/api/ops/products', { token, body });
    expect(created.status).toBe(201);
    const p = created.body.product;
    expect(p).toMatchObject({
      title: body.title,
      price: { amount: 9900, currency: 'CNY' },
      stock: 10,
      stockAvailable: 10,
      commission: { level1Bps: 1000, level2Bps: 300 },
      groupBuy: { size: 3, price: { amount: 6900, currency: 'CNY' }, durationMinutes: 60 },
    });
    const got = await callJson(`/api/products/${p.id}`);
    expect(got.status).toBe(200);
    expect(got.body.product.id).toBe(p.id);
    expect(got.body.product.openGroups).toEqual([]);
  });

  it('ops update fields, stock absolutely or by delta, and remove the group offer', async () => {
    const token = await opsToken();
    const p = await createProduct({ groupBuy: { size: 2, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 30 } });
    const r1 = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { title: '新标题 New title', stock: 25 } });
    expect(r1.status).toBe(200);
    expect(r1.body.product).toMatchObject({ title: '新标题 New title', stock: 25 });
    const r2 = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { stockDelta: -5 } });
    expect(r2.body.product.stock).toBe(20);
    const r3 = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { stockDelta: -21 } });
    expect(r3.status).toBe(400);
    const r4 = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { groupBuy: null } });
    expect(r4.body.product.groupBuy).toBeNull();
    // The public read sees the change at once (explicit snapshot invalidation).
    const got = await callJson(`/api/products/${p.id}`);
    expect(got.body.product).toMatchObject({ title: '新标题 New title', stock: 20, groupBuy: null });
  });

  it('concurrent stock deltas all count', async () => {
    const token = await opsToken();
    const p = await createProduct({ stock: 0 });
    const rs = await Promise.all(Array.from({ length: 10 }, () => call(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { stockDelta: 3 } })));
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await callJson(`/api/products/${p.id}`)).body.product.stock).toBe(30);
  });

  it('rejects bad product input with 400 invalid_input', async () => {
    const token = await opsToken();
    const bad = [
      productBody({ price: { amount: 10.5, currency: 'CNY' } }),
      productBody({ price: { amount: 100, currency: 'USD' } }),
      productBody({ stock: -1 }),
      productBody({ commission: { level1Bps: 20000, level2Bps: 0 } }),
      productBody({ groupBuy: { size: 1, price: { amount: 100, currency: 'CNY' }, durationMinutes: 60 } }),
      productBody({ groupBuy: { size: 51, price: { amount: 100, currency: 'CNY' }, durationMinutes: 60 } }),
      productBody({ groupBuy: { size: 3, price: { amount: 99999, currency: 'CNY' }, durationMinutes: 60 } }),
      productBody({ images: ['javascript:alert(1)'] }),
      { title: 'only a title' },
    ];
    for (const body of bad) {
      const r = await callJson('/api/ops/products', { token, body });
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status: 400, code: 'invalid_input' });
    }
  });

  it('answers malformed JSON, bad ids and unknown products clearly', async () => {
    const token = await opsToken();
    const malformed = await callJson('/api/ops/products', { token, raw: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_input');
    const badId = await callJson('/api/products/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_input');
    const unknown = await callJson('/api/products/p_doesnotexist01');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const patchUnknown = await callJson('/api/ops/products/p_doesnotexist01', { method: 'PATCH', token, body: { stock: 1 } });
    expect(patchUnknown.status).toBe(404);
    const noRoute = await callJson('/api/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('not_found');
  });

  it('lists with cursor pagination and no duplicates or gaps', async () => {
    const category = uniq('cat-');
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await createProduct({ category })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await callJson(
        `/api/products?limit=2&category=${encodeURIComponent(category)}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i) => i.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
    const badCursor = await callJson('/api/products?cursor=@@@');
    expect(badCursor.status).toBe(400);
    const badLimit = await callJson('/api/products?limit=1000');
    expect(badLimit.status).toBe(400);
  });

  it('describes every API route in /openapi.json', async () => {
    const r = await callJson('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\.1/);
    for (const path of ['/api/auth/signup', '/api/auth/login', '/api/products', '/api/products/{id}', '/api/ops/products', '/api/ops/products/{id}', '/api/me/storefront', '/healthz']) {
      expect(r.body.paths[path], path).toBeDefined();
    }
  });
});
