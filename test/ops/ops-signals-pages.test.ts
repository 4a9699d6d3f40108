// The /ops/signals page: ops see held orders and decide with plain forms (no JavaScript),
// from our own origin only; the decision goes through the same ledger verb as the API.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertSignals } from '../../workers/storage/trust/fraud-repo';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { BASE, call, callJson, createProduct, opsToken, signupSeller } from '../helpers';
import { db, entriesOfOrder, refFor } from '../ledger-helpers';
import { auditLog } from '../../workers/storage/schema';

const form = (path: string, token: string, origin: string | null = BASE) =>
  call(path, { method: 'POST', token, raw: '', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) } });

/** A paid, attributed order held by a signal (the signal written as checkout would write it). */
async function heldOrder() {
  const s = await signupSeller();
  const p = await createProduct({ price: { amount: 5000, currency: 'CNY' }, commission: { level1Bps: 900, level2Bps: 0 } });
  const r = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token) }));
  expect(r.status).toBe(201);
  const id = r.body.order.id as string;
  await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: r.body.order.total });
  await db((d) =>
    insertSignals(d, [{ dedupeKey: `order:${id}:address_repeat`, kind: 'address_repeat', sellerId: s.id, orderId: id, observed: 5, threshold: 5, state: 'open' }]),
  );
  return { id, seller: s };
}

/**
 * The page of /ops/signals that lists `orderId`, following the "older" links: other test files
 * write signals into the same database meanwhile, so a given order is not always on the first page.
 */
async function pageListing(path: string, orderId: string, opts: { token: string; headers?: Record<string, string> }) {
  let url = path;
  for (let i = 0; i < 20; i++) {
    const res = await call(url, opts);
    expect(res.status).toBe(200);
    const page = await res.text();
    if (page.includes(`/ops/signals/${orderId}/`)) return page;
    const older = /href="(\/ops\/signals\?state=[a-z]+&amp;cursor=[^"]+)"/.exec(page)?.[1];
    if (!older) break;
    url = older.replace(/&amp;/g, '&');
  }
  throw new Error(`no page of ${path} lists ${orderId}`);
}

describe('/ops/signals', () => {
  it('is for ops only', async () => {
    expect((await call('/ops/signals')).headers.get('location')).toBe('/login?next=%2Fops%2Fsignals');
    const s = await signupSeller();
    expect((await call('/ops/signals', { token: s.token })).status).toBe(403);
    const { id } = await heldOrder();
    const res = await form(`/ops/signals/${id}/release`, s.token);
    expect(res.status).toBe(403);
    expect((await entriesOfOrder(id)).map((e) => e.kind)).toEqual(['accrue']);
  });

  it('lists a held order with release and reverse forms, in one language', async () => {
    const ops = await opsToken();
    const { id } = await heldOrder();
    const page = await pageListing('/ops/signals', id, { token: ops });
    expect(page).toContain('<html lang="zh-CN"');
    expect(page).toContain(`action="/ops/signals/${id}/release"`);
    expect(page).toContain(`action="/ops/signals/${id}/reverse"`);
    expect(page).toContain('同一链接多单寄往同一地址');
    expect(page).not.toContain('<script>');
    const en = await pageListing('/ops/signals?state=all', id, { token: ops, headers: { 'accept-language': 'en' } });
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('Many orders from one link to one address');
    // Page text (not catalog data) carries no Chinese in English.
    const main = en.slice(en.indexOf('<main>'), en.indexOf('</main>'));
    expect(main).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a cross-site post, then reverses through the ledger and says so; a second post is a plain 409', async () => {
    const ops = await opsToken();
    const { id } = await heldOrder();
    expect((await form(`/ops/signals/${id}/reverse`, ops, 'https://evil.example')).status).toBe(403);
    expect((await entriesOfOrder(id)).map((e) => e.kind)).toEqual(['accrue']);

    const res = await form(`/ops/signals/${id}/reverse`, ops);
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    expect(to).toBe(`/ops/signals?state=open&decided=${id}&as=reverse&n=1`);
    expect((await entriesOfOrder(id)).map((e) => [e.kind, e.fromBucket])).toEqual([
      ['accrue', null],
      ['reverse', 'pending'],
    ]);
    const after = await (await call(to, { token: ops, headers: { 'accept-language': 'en' } })).text();
    expect(after).toContain(`Commission of order ${id} reversed: 1 ledger entry.`);
    expect(after).not.toContain(`action="/ops/signals/${id}/release"`);
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `order:${id}`)));
    expect(audit.map((a) => a.action)).toEqual(['commission.reverse']);

    const again = await form(`/ops/signals/${id}/release`, ops);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('这个订单没有冻结中的佣金');
    expect((await entriesOfOrder(id)).map((e) => e.kind)).toEqual(['accrue', 'reverse']);
    expect((await form('/ops/signals/o_missing000000/release', ops)).status).toBe(404);
  });

  it('offers only the decisions that mean something: a refunded order can be reversed, not released', async () => {
    const ops = await opsToken();
    const { id } = await heldOrder();
    expect((await callJson(`/api/ops/orders/${id}/refund`, { method: 'POST', token: ops })).status).toBe(200);
    const page = await (await call('/ops/signals', { token: ops })).text();
    expect(page).toContain(`action="/ops/signals/${id}/reverse"`);
    expect(page).not.toContain(`action="/ops/signals/${id}/release"`);
    expect((await form(`/ops/signals/${id}/release`, ops)).status).toBe(409);
    expect((await form(`/ops/signals/${id}/reverse`, ops)).status).toBe(303);
  });
});
