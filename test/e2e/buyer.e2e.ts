import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_SELLERS } from '../../scripts/seed';
import { hasChromium, launchBrowser, phonePage, jsonApi } from './browser';

const base = inject('e2eBaseUrl');
// Screenshots for a person to look at (390 px phone); kept out of the repository.
const SCREENS = process.env.E2E_SCREENS ?? tmpdir();

const api = jsonApi(base);

/** A delivered order for `email` through the real stack: order, test payment page, ops ship and deliver. */
async function deliveredOrder(email: string) {
  const product = (await api('/api/products?limit=20')).body.items.find((p: any) => p.stockAvailable > 0 && !p.groupBuy && !p.options?.length);
  const order = await api('/api/orders', {
    headers: { 'idempotency-key': `e2e-${Date.now()}` },
    body: {
      items: [{ productId: product.id, quantity: 1 }],
      buyer: { email, name: '王五 Wang Wu' },
      shippingAddress: { name: '王五', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
    },
  });
  expect(order.status).toBe(201);
  const id = order.body.order.id;
  const pay = await fetch(`${base}/pay/test/${id}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `t=${encodeURIComponent(order.body.orderToken)}`,
    redirect: 'manual',
  });
  expect(pay.status).toBe(303);
  const ops = (await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } })).body.token;
  expect((await api(`/api/ops/orders/${id}/ship`, { token: ops, body: { carrier: 'SF', trackingNumber: 'SF1' } })).status).toBe(200);
  expect((await api(`/api/ops/orders/${id}/deliver`, { token: ops, method: 'POST' })).status).toBe(200);
  return { id, product };
}

describe.skipIf(!hasChromium)('buyer account in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with the code from the outbox, sees the order, reviews it, follows the seller', async () => {
    const email = `e2e-${Date.now()}@example.test`;
    const { id, product } = await deliveredOrder(email);
    const page = await phonePage(browser);
    await page.goto(`${base}/account`);
    await page.waitForURL(/\/account\/login$/);
    await page.screenshot({ path: join(SCREENS, 'account-login.png'), fullPage: true });
    await page.fill('input[name=email]', email);
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=code]');
    const outbox = await api(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const code = outbox.body.messages.filter((m: any) => m.code).pop().code;
    await page.fill('input[name=code]', code);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/account$/);
    expect(await page.locator(`[data-order="${id}"]`).count()).toBe(1);
    await page.selectOption(`form[action="/account/reviews/${product.id}"] select`, '5');
    await page.fill(`form[action="/account/reviews/${product.id}"] textarea`, '包装很好，味道正 Well packed, tastes right');
    await page.screenshot({ path: join(SCREENS, 'account.png'), fullPage: true });
    await page.click(`form[action="/account/reviews/${product.id}"] button`);
    await page.waitForURL(/\/account$/);
    expect(await page.locator(`form[action="/account/reviews/${product.id}"]`).count()).toBe(0);

    await page.goto(`${base}/p/${product.id}`);
    expect(await page.locator('[data-reviews]').textContent()).toContain('包装很好');
    await page.locator('[data-reviews]').screenshot({ path: join(SCREENS, 'product-reviews.png') });

    const handle = DEMO_SELLERS[0]!.handle;
    await page.goto(`${base}/@${handle}`);
    const before = Number(await page.locator('[data-followers]').getAttribute('data-followers'));
    await page.click('form[data-follow] button');
    await page.waitForURL(new RegExp(`/@${handle}$`));
    expect(Number(await page.locator('[data-followers]').getAttribute('data-followers'))).toBe(before + 1);
    await page.screenshot({ path: join(SCREENS, 'storefront-follow.png'), fullPage: true });
    await page.goto(`${base}/account`);
    expect(await page.locator(`a[href="/@${handle}"]`).count()).toBeGreaterThan(0);
  });
});
