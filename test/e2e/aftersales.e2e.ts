// After-sales (售后) in a phone browser at 390 px, against the real local stack: a refund before
// shipping answered at once; a return approved by ops, sent back with a tracking number,
// received, and seen refunded.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, jsonApi, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');
// Screenshots for a person to look at; kept out of the repository.
const SCREENS = process.env.E2E_SCREENS ?? tmpdir();
const api = jsonApi(base);
const address = { name: '王五', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' };

async function opsLogin() {
  return (await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } })).body.token as string;
}

/** A paid order of two units through the real stack (the test payment page's Pay button). */
async function paidOrder(tag: string) {
  const ops = await opsLogin();
  const product = await api('/api/ops/products', {
    token: ops,
    body: { title: `售后测试 After-sales ${tag} ${Date.now()}`, description: 'e2e', category: 'E2E', images: [], price: { amount: 4900, currency: 'CNY' }, stock: 10, commission: { level1Bps: 1000, level2Bps: 300 } },
  });
  expect(product.status).toBe(201);
  const email = `e2e-as-${tag}-${Date.now()}@example.test`;
  const order = await api('/api/orders', {
    headers: { 'idempotency-key': `e2e-as-${tag}-${Date.now()}` },
    body: { items: [{ productId: product.body.product.id, quantity: 2 }], buyer: { email, name: '王五 Wang Wu' }, shippingAddress: address },
  });
  expect(order.status).toBe(201);
  const id = order.body.order.id as string;
  const token = order.body.orderToken as string;
  const pay = await fetch(`${base}/pay/test/${id}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `t=${encodeURIComponent(token)}`, redirect: 'manual' });
  expect(pay.status).toBe(303);
  return { id, token, ops, productId: product.body.product.id as string, orderUrl: `${base}/o/${id}?t=${encodeURIComponent(token)}` };
}

async function opsPage(browser: Browser, token: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await ctx.addCookies([{ name: 'pinlink_session', value: token, url: base }]);
  return ctx.newPage();
}

describe.skipIf(!hasChromium)('after-sales in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the demo seed has after-sales in every state', async () => {
    const q = await api('/api/ops/after-sales', { token: await opsLogin() });
    expect(q.status).toBe(200);
    for (const status of ['requested', 'approved', 'returned', 'refunded', 'rejected']) expect(q.body.counts[status], status).toBeGreaterThanOrEqual(1);
    const kinds = new Set(q.body.items.filter((a: { status: string }) => a.status === 'refunded').map((a: { kind: string }) => a.kind));
    expect(kinds).toEqual(new Set(['refund', 'return']));
  });

  it('a refund before shipping is answered at once and seen refunded', async () => {
    const o = await paidOrder('refund');
    const page = await phonePage(browser);
    await page.goto(o.orderUrl);
    await page.fill(`input[name="q_${o.productId}"]`, '2');
    await page.screenshot({ path: join(SCREENS, 'aftersale-order-ask.png'), fullPage: true });
    await page.click('form[data-ask="refund"] button[type=submit]');
    await page.waitForSelector('[data-after-sale-status="refunded"]');
    expect(await page.locator('h1[data-status]').getAttribute('data-status')).toBe('refunded');
    expect(await page.locator('[data-refunded-amount]').getAttribute('data-refunded-amount')).toBe('9800');
    await page.screenshot({ path: join(SCREENS, 'aftersale-order-refunded.png'), fullPage: true });
  });

  it('a return: asked, approved by ops, sent back with a tracking number, received, seen refunded', async () => {
    const o = await paidOrder('return');
    expect((await api(`/api/ops/orders/${o.id}/ship`, { token: o.ops, body: { carrier: 'SF', trackingNumber: 'SF1' } })).status).toBe(200);
    expect((await api(`/api/ops/orders/${o.id}/deliver`, { token: o.ops, method: 'POST' })).status).toBe(200);

    const buyer = await phonePage(browser);
    await buyer.goto(o.orderUrl);
    expect(await buyer.locator('form[data-ask="return"]').count()).toBe(1);
    await buyer.fill(`input[name="q_${o.productId}"]`, '1');
    await buyer.selectOption('form[data-ask="return"] select[name=reason]', { index: 1 });
    await buyer.click('form[data-ask="return"] button[type=submit]');
    await buyer.waitForSelector('[data-after-sale-status="requested"]');
    await buyer.screenshot({ path: join(SCREENS, 'aftersale-return-requested.png'), fullPage: true });

    const ops = await opsPage(browser, o.ops);
    await ops.goto(`${base}/ops/after-sales`);
    const row = ops.locator(`tr:has(a[href="/ops/orders/${o.id}"])`);
    await ops.screenshot({ path: join(SCREENS, 'ops-after-sales.png'), fullPage: true });
    await row.locator('button[data-approve]').click();
    await ops.waitForURL(/done=1/);

    await buyer.goto(o.orderUrl);
    await buyer.fill('form[data-send-back] input[name=carrier]', '顺丰');
    await buyer.fill('form[data-send-back] input[name=trackingNumber]', 'SF998877');
    await buyer.screenshot({ path: join(SCREENS, 'aftersale-return-tracking.png'), fullPage: true });
    await buyer.click('form[data-send-back] button[type=submit]');
    await buyer.waitForSelector('[data-after-sale-status="returned"]');

    await ops.goto(`${base}/ops/after-sales?status=returned`);
    await ops.locator(`tr:has(a[href="/ops/orders/${o.id}"]) button[data-receive]`).click();
    await ops.waitForURL(/done=1/);

    await buyer.goto(o.orderUrl);
    await buyer.waitForSelector('[data-after-sale-status="refunded"]');
    expect(await buyer.locator('[data-refunded-amount]').getAttribute('data-refunded-amount')).toBe('4900');
    // One unit of two returned: the order keeps its status.
    expect(await buyer.locator('h1[data-status]').getAttribute('data-status')).toBe('delivered');
    await buyer.screenshot({ path: join(SCREENS, 'aftersale-return-refunded.png'), fullPage: true });
    // The same pages in English.
    await buyer.goto(`${o.orderUrl}&lang=en`);
    expect(await buyer.locator('[data-after-sales]').textContent()).toContain('Refunded');
    await buyer.screenshot({ path: join(SCREENS, 'aftersale-return-refunded-en.png'), fullPage: true });
    await ops.goto(`${base}/ops/after-sales?status=all&lang=en`);
    await ops.screenshot({ path: join(SCREENS, 'ops-after-sales-en.png'), fullPage: true });
  });
});
