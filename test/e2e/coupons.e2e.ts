// Coupons in a 390 px phone: a buyer signs in by code, claims a coupon in the coupon centre,
// picks it on the checkout form, pays less, and sees the coupon used. Ops set it up on their page.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, jsonApi, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');
const SCREENS = process.env.E2E_SCREENS ?? tmpdir();
const api = jsonApi(base);
const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signInBuyer(page: Page, email: string) {
  await page.goto(`${base}/account/login`);
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=code]');
  const outbox = await api(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  await page.fill('input[name=code]', outbox.body.messages.filter((m: any) => m.code).pop().code);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/account$/);
}

describe.skipIf(!hasChromium)('coupons in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('claims a coupon on /account, uses it at checkout and pays less', async () => {
    const ops = (await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } })).body.token;
    const title = `新人立减 ${uniq()}`;
    const made = await api('/api/ops/coupons', {
      token: ops,
      body: { title, discount: { kind: 'amount', amount: { amount: 1000, currency: 'CNY' } }, minSpend: { amount: 0, currency: 'CNY' }, scope: { kind: 'all' }, totalCount: 5, perBuyerLimit: 1, validity: { kind: 'after_claim', days: 7 } },
    });
    expect(made.status).toBe(201);
    const couponId = made.body.coupon.id;
    const product = (await api('/api/products?limit=20')).body.items.find((p: any) => p.stockAvailable > 0 && !p.options?.length);

    const email = `e2e-coupon-${uniq()}@example.test`;
    const page = await phonePage(browser);
    await signInBuyer(page, email);
    await page.click(`[data-claim="${couponId}"]`);
    await page.waitForURL(/\/account\?coupon=claimed/);
    const mine = page.locator('[data-mine][data-state="unused"]');
    expect(await mine.count()).toBe(1);
    expect(await page.locator(`[data-held="${couponId}"]`).count()).toBe(1);
    await page.locator('#coupons').screenshot({ path: join(SCREENS, 'coupon-centre.png') });

    await page.goto(`${base}/buy/${product.id}`);
    const option = page.locator('[data-coupon-option]');
    expect(await option.count()).toBe(1);
    await option.check();
    await page.fill('input[name=name]', '孙八');
    await page.fill('input[name=line1]', '8 Huaihai Rd');
    await page.fill('input[name=city]', 'Shanghai');
    await page.fill('input[name=postalCode]', '200002');
    await page.screenshot({ path: join(SCREENS, 'checkout-coupon.png'), fullPage: true });
    await page.click('[data-submit]');
    await page.waitForURL(/\/pay\/test\//);
    await page.getByRole('button', { name: /^支付$/ }).click();
    await page.waitForURL(/\/o\/o_/);
    expect(await page.locator('[data-discount="1000"]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENS, 'order-discount.png'), fullPage: true });

    const orderId = page.url().match(/\/o\/(o_[0-9A-Za-z]+)/)![1]!;
    const order = (await api(`/api/orders/${orderId}`, { token: ops })).body.order;
    expect(order.status).toBe('paid');
    expect(order.total.amount).toBe(product.price.amount - 1000);
    await page.goto(`${base}/account`);
    expect(await page.locator('[data-mine][data-state="used"]').count()).toBe(1);
    await page.goto(`${base}/account?lang=en`);
    await page.locator('#coupons').screenshot({ path: join(SCREENS, 'coupon-centre-en.png') });
  });

  it('sets a coupon up on /ops/coupons', async () => {
    const page = await phonePage(browser);
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', 'ops@pinlink.local');
    await page.fill('input[name=password]', 'pinlink-ops-dev');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/ops/);
    await page.goto(`${base}/ops/coupons`);
    const title = `满99减10 ${uniq()}`;
    // The form folds away once coupons exist.
    if ((await page.locator('details.panel').getAttribute('open')) === null) await page.click('details.panel > summary');
    await page.fill('input[name=title]', title);
    await page.fill('input[name=amount]', '10');
    await page.fill('input[name=minSpend]', '99');
    await page.fill('input[name=totalCount]', '100');
    await page.click('[data-coupon-form] button[type=submit]');
    await page.waitForURL(/done=created/);
    const row = page.locator('tr', { hasText: title });
    expect(await row.getAttribute('data-counts')).toBeNull();
    expect(await row.locator('[data-counts]').getAttribute('data-counts')).toBe('0/0/100');
    await page.screenshot({ path: join(SCREENS, 'ops-coupons.png'), fullPage: true });
    await row.locator('[data-toggle]').click();
    await page.waitForURL(/done=updated/);
    expect(await page.locator('tr', { hasText: title }).getAttribute('data-active')).toBe('false');
    await page.goto(`${base}/ops/coupons?lang=en`);
    await page.screenshot({ path: join(SCREENS, 'ops-coupons-en.png'), fullPage: true });
  });
});
