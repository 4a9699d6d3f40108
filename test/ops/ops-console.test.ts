// The ops console pages (overview, products, orders): access, forms without JavaScript,
// plain-word validation, the Origin check, and an audit entry for every action.
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../workers/storage/schema';
import { BASE, call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';
import { TEST_BINDINGS } from '../bindings';
import { db, paidOrder, refFor } from '../ledger-helpers';

const form = async (path: string, fields: Record<string, string>, headers: Record<string, string> = { origin: BASE }) =>
  call(path, { method: 'POST', token: await opsToken(), raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
const page = async (path: string, headers: Record<string, string> = {}) => call(path, { token: await opsToken(), headers });
const auditOf = (target: string) => db((d) => d.select().from(auditLog).where(eq(auditLog.target, target)).orderBy(desc(auditLog.createdAt)));

const validProduct = (over: Record<string, string> = {}) => ({
  title: uniq('Ops form product '),
  description: 'Made by the ops console test',
  category: 'OpsTest',
  images: '/img/tea/Test.svg',
  price: '59.90',
  stock: '20',
  level1Bps: '1000',
  level2Bps: '300',
  groupSize: '3',
  groupPrice: '49',
  groupDurationMinutes: '60',
  groupAutoFillPercent: '',
  active: '1',
  ...over,
});

describe('ops console: access', () => {
  it('sends anonymous visitors to sign in and refuses sellers with a 403 page on every section', async () => {
    const seller = await signupSeller();
    for (const path of ['/ops', '/ops/products', '/ops/products/new', '/ops/orders']) {
      const anon = await call(path);
      expect(anon.status, path).toBe(302);
      expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
      const refused = await call(path, { token: seller.token });
      expect(refused.status, path).toBe(403);
    }
    const post = await call('/ops/products/new', { method: 'POST', token: seller.token, raw: new URLSearchParams(validProduct()).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
    expect(post.status).toBe(403);
  });
});

describe('ops console: overview', () => {
  it('shows 30 days of charts, counts today’s orders, and lists sold-out products and top sellers', async () => {
    const seller = await signupSeller();
    // Priced high enough to lead the 30-day top sellers whatever other test files sold today.
    const product = await createProduct({ stock: 2, title: uniq('Overview sellout '), price: { amount: 90_000_000, currency: 'CNY' } });
    const low = await createProduct({ stock: 7, title: uniq('Overview low ') });
    const plenty = await createProduct({ stock: 11, title: uniq('Overview plenty ') });
    const ref = await refFor(seller.token);
    await paidOrder([{ productId: product.id, quantity: 2 }], { ref });
    const res = await page('/ops');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    for (const chart of ['gmv', 'orders', 'paid']) {
      const svg = html.slice(html.indexOf(`data-chart="${chart}"`));
      const bars = svg.slice(0, svg.indexOf('</svg>')).match(/class="bar"/g) ?? [];
      expect(bars.length, chart).toBe(30);
    }
    // Today is the last bar: at least this order.
    const orders = html.slice(html.indexOf('data-chart="paid"'));
    const lastBar = [...orders.slice(0, orders.indexOf('</svg>')).matchAll(/data-value="(\d+)"/g)].pop();
    expect(Number(lastBar?.[1])).toBeGreaterThanOrEqual(1);
    const soldOut = html.slice(html.indexOf('data-alerts="sold-out"'));
    expect(soldOut.slice(0, soldOut.indexOf('</ul>'))).toContain(product.title);
    const lowList = html.slice(html.indexOf('data-alerts="low-stock"'));
    expect(lowList.slice(0, lowList.indexOf('</ul>'))).toContain(`${low.title}</a> <span class="muted">剩 7 件`);
    expect(html).not.toContain(plenty.title);
    expect(lowList.slice(0, lowList.indexOf('</ul>'))).not.toContain(product.title);
    expect(html).toContain(`data-top-seller="${seller.handle}"`);
    for (const href of ['/ops/audit', '/ops/groups', '/ops/sellers', '/ops/payouts', '/ops/products', '/ops/orders']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('<html lang="zh-CN"');
    const en = await (await page('/ops?lang=en')).text();
    expect(en).toContain('Group success rate');
    expect(en).not.toContain('拼团成功率');
  });
});

describe('ops console: products', () => {
  it('creates a product with a group offer through the API’s verb, records it, and shows it in the shop', async () => {
    const fields = validProduct();
    const res = await form('/ops/products/new', fields);
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.match(/^\/ops\/products\/(p_[0-9A-Za-z]+)\?saved=created$/)?.[1];
    expect(id).toBeDefined();
    const api = await callJson(`/api/products/${id}`);
    expect(api.body.product).toMatchObject({
      title: fields.title,
      price: { amount: 5990, currency: 'CNY' },
      stock: 20,
      stockAvailable: 20,
      commission: { level1Bps: 1000, level2Bps: 300 },
      groupBuy: { size: 3, price: { amount: 4900 }, durationMinutes: 60, autoFillPercent: null },
      active: true,
    });
    expect(await (await call(`/p/${id}`)).text()).toContain(fields.title);
    const [entry] = await auditOf(`product:${id}`);
    expect(entry).toMatchObject({ action: 'product.create', before: null });
    expect((entry!.after as { title: string }).title).toBe(fields.title);
    const edit = await (await page(`/ops/products/${id}?saved=created`)).text();
    expect(edit).toContain('商品已创建');
    expect(edit).toContain(`value="${fields.title}"`);
    // The editor previews the product's share card, which renders.
    const src = edit.match(/data-card-preview[\s\S]*?<img src="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toMatch(new RegExp(`^/card/p/${id}\\.png\\?at=`));
    const card = await call(src!);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
  });

  it('re-renders the form with plain-word reasons, keeping the input, for bad input (422, never 500)', async () => {
    const bad = validProduct({ title: '', price: '12.345', groupPrice: '80', groupSize: '1', level1Bps: '9000', images: 'http://insecure.example/a.png' });
    const res = await form('/ops/products/new', bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('这一项必填');
    expect(html).toContain('请填金额，例如 59 或 59.90');
    expect(html).toContain('请填 0 到 5000 之间的整数');
    expect(html).toContain('每个图片地址都要以 https:// 或 / 开头');
    expect(html).toContain('value="12.345"');
    expect(html).toMatch(/id="f-title"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-title"/);
    const en = await form('/ops/products/new?lang=en', validProduct({ groupPrice: '80', groupDurationMinutes: '' }));
    expect(en.status).toBe(422);
    const enHtml = await en.text();
    expect(enHtml).toContain('A group offer needs the size, the group price and the time to fill.');
    const high = await form('/ops/products/new?lang=en', validProduct({ groupPrice: '70' }));
    expect(await high.text()).toContain('The group price must be lower than the price.');
    // Nothing of it was created.
    const list = await (await page(`/ops/products?q=${encodeURIComponent(bad.title || 'x')}`)).text();
    expect(list).not.toContain('12.345');
  });

  it('refuses a post from another origin, or with no origin at all, and creates nothing', async () => {
    const fields = validProduct();
    for (const headers of [{ origin: 'https://evil.example' }, {} as Record<string, string>]) {
      const res = await form('/ops/products/new', fields, headers);
      expect(res.status).toBe(403);
    }
    const list = await (await page(`/ops/products?q=${encodeURIComponent(fields.title)}`)).text();
    expect(list).not.toContain('data-product=');
  });

  it('edits with a stock delta applied once, even when the same form is submitted twice at once', async () => {
    const product = await createProduct({ stock: 10 });
    const editHtml = await (await page(`/ops/products/${product.id}`)).text();
    const changeId = editHtml.match(/name="changeId" value="([^"]+)"/)?.[1];
    expect(changeId).toBeTruthy();
    const fields = { ...validProduct({ title: `${product.title} v2`, stock: '10', stockDelta: '5', groupSize: '', groupPrice: '', groupDurationMinutes: '' }), stockWas: '10', changeId: changeId! };
    const [a, b] = await Promise.all([form(`/ops/products/${product.id}`, fields), form(`/ops/products/${product.id}`, fields)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const api = await callJson(`/api/products/${product.id}`);
    expect(api.body.product).toMatchObject({ title: `${product.title} v2`, stock: 15, stockAvailable: 15, groupBuy: null });
    // One change, one entry: the second submit is a replay (the product's own creation is the other entry).
    const entries = (await auditOf(`product:${product.id}`)).filter((e) => e.action === 'product.update');
    expect(entries).toHaveLength(1);
    expect((entries.at(-1)!.before as { stock: number }).stock).toBe(10);
    expect((entries[0]!.after as { stock: number }).stock).toBe(15);
  });

  it('says so when a delta would take stock below zero, and can switch a product off sale', async () => {
    const product = await createProduct({ stock: 3 });
    const base = { ...validProduct({ title: product.title, stock: '3', groupSize: '', groupPrice: '', groupDurationMinutes: '' }), stockWas: '3', changeId: uniq('c') };
    const below = await form(`/ops/products/${product.id}?lang=en`, { ...base, stockDelta: '-4' });
    expect(below.status).toBe(422);
    expect(await below.text()).toContain('That change would take stock below zero.');
    const { active: _a, ...off } = base;
    const res = await form(`/ops/products/${product.id}`, { ...off, changeId: uniq('c') });
    expect(res.status).toBe(303);
    expect((await call(`/api/products/${product.id}`)).status).toBe(404);
    const list = await (await page(`/ops/products?q=${product.id}`)).text();
    expect(list).toContain(`data-product="${product.id}"`);
    expect(list).toContain('已下架');
  });

  it('lists products by search and category; unknown and malformed ids are 404 pages', async () => {
    const cat = uniq('Cat');
    const p = await createProduct({ category: cat, title: uniq('Needle ') });
    const other = await createProduct();
    const byCat = await (await page(`/ops/products?category=${cat}`)).text();
    expect(byCat).toContain(`data-product="${p.id}"`);
    expect(byCat).not.toContain(`data-product="${other.id}"`);
    const byTitle = await (await page(`/ops/products?q=${encodeURIComponent(p.title.slice(0, 12).toLowerCase())}`)).text();
    expect(byTitle).toContain(`data-product="${p.id}"`);
    expect((await page('/ops/products?q=%25%25%25')).status).toBe(200);
    expect((await page('/ops/products?q=a%00b&category=%00')).status).toBe(200);
    expect((await page('/ops/orders?q=a%00b')).status).toBe(200);
    const nul = await form('/ops/products/new', validProduct({ title: 'NUL\u0000 title' }));
    expect(nul.status).toBe(303);
    expect((await page('/ops/products?page=abc')).status).toBe(400);
    expect((await page('/ops/products/p_doesnotexist1')).status).toBe(404);
    expect((await page('/ops/products/..%2Fetc')).status).toBe(404);
  });
});

describe('ops console: orders', () => {
  it('filters by status and buyer email, and refuses a bad filter with a 400 page', async () => {
    const product = await createProduct({ stock: 5 });
    const email = `${uniq('filter')}@example.test`;
    const order = await paidOrder([{ productId: product.id, quantity: 1 }], { buyerEmail: email });
    const byEmail = await (await page(`/ops/orders?q=${encodeURIComponent(email.toUpperCase())}`)).text();
    expect(byEmail).toContain(`data-order="${order.id}"`);
    const byId = await (await page(`/ops/orders?q=${order.id}&status=paid`)).text();
    expect(byId).toContain(`data-order="${order.id}"`);
    const wrongStatus = await (await page(`/ops/orders?q=${order.id}&status=shipped`)).text();
    expect(wrongStatus).not.toContain(`data-order="${order.id}"`);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const ranged = await (await page(`/ops/orders?q=${order.id}&from=${today}&to=${today}`)).text();
    expect(ranged).toContain(`data-order="${order.id}"`);
    expect(ranged).toMatch(/href="\/api\/ops\/orders\.csv\?from=[^"]+&amp;to=[^"]+"/);
    // The CSV link works with the page's session cookie, not only a bearer token.
    const csvHref = ranged.match(/href="(\/api\/ops\/orders\.csv[^"]*)"/)![1]!.replace(/&amp;/g, '&');
    const login = await call('/login', { method: 'POST', raw: new URLSearchParams({ email: TEST_BINDINGS.OPS_EMAIL, password: TEST_BINDINGS.OPS_PASSWORD }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
    const cookie = (login.headers.get('set-cookie') ?? '').match(/pinlink_session=[^;]+/)![0];
    const csv = await call(csvHref, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain(order.id);
    for (const bad of ['status=lost', 'from=2026-02-31', 'to=yesterday', 'page=0']) {
      const res = await page(`/ops/orders?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('筛选条件不对');
    }
  });

  it('ships a paid order from its page (carrier, tracking number), then delivers it; each step is audited', async () => {
    const product = await createProduct({ stock: 5 });
    const order = await paidOrder([{ productId: product.id, quantity: 1 }]);
    const detail = await (await page(`/ops/orders/${order.id}`)).text();
    expect(detail).toMatch(/<form[^>]*action="[^"]*ship"/);
    expect(detail).toContain('name="carrier"');
    expect(detail).toContain('name="trackingNumber"');
    expect(detail).toContain('<label for="carrier">');
    const missing = await form(`/ops/orders/${order.id}/ship`, { carrier: 'SF', trackingNumber: '' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('请填写快递公司和运单号');
    const early = await form(`/ops/orders/${order.id}/deliver?lang=en`, {});
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('The order has moved on');
    const shipped = await form(`/ops/orders/${order.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF123456789' });
    expect(shipped.status).toBe(303);
    expect(shipped.headers.get('location')).toBe(`/ops/orders/${order.id}?done=ship`);
    const after = await (await page(`/ops/orders/${order.id}?done=ship`)).text();
    expect(after).toContain('data-order-status="shipped"');
    expect(after).toContain('SF123456789');
    expect(after).toContain('已发货。');
    expect((await form(`/ops/orders/${order.id}/deliver`, {})).status).toBe(303);
    const audit = await auditOf(`order:${order.id}`);
    expect(audit.map((a) => a.action).sort()).toEqual(['order.deliver', 'order.ship']);
    const ship = audit.find((a) => a.action === 'order.ship')!;
    expect(ship.before).toEqual({ status: 'paid' });
    expect(ship.after).toEqual({ status: 'shipped', shipment: { carrier: 'SF Express', trackingNumber: 'SF123456789' } });
    expect((await form(`/ops/orders/${order.id}/ship`, { carrier: 'x', trackingNumber: 'y' }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('refunds an attributed order; its page then shows the accrual and the reversal in the ledger', async () => {
    const seller = await signupSeller();
    const product = await createProduct({ stock: 5 });
    const order = await paidOrder([{ productId: product.id, quantity: 1 }], { ref: await refFor(seller.token) });
    const before = await (await page(`/ops/orders/${order.id}`)).text();
    expect(before).toContain('data-ledger="accrue"');
    const res = await form(`/ops/orders/${order.id}/refund`, {});
    expect(res.status).toBe(303);
    const html = await (await page(`/ops/orders/${order.id}`)).text();
    expect(html).toContain('data-order-status="refunded"');
    expect(html).toContain('data-ledger="reverse"');
    expect(html).toContain('data-timeline="refunded"');
    const [entry] = await auditOf(`order:${order.id}`);
    expect(entry).toMatchObject({ action: 'order.refund', before: { status: 'paid' }, after: { status: 'paid', refundRequested: true } });
    expect((await form(`/ops/orders/${order.id}/refund`, {})).status).toBe(409);
    expect((await page('/ops/orders/o_missing00000')).status).toBe(404);
    const odd = await page(`/ops/orders/${order.id}?done=__proto__`);
    expect(odd.status).toBe(200);
    expect(await odd.text()).not.toContain('role="status"');
  });
});
