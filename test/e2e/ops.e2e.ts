// The ops console in a phone browser: sign in, create a product with a group offer, ship one
// paid order and refund another, a seller refused, and the language switch remembered.
// A failing test leaves a screenshot in test/e2e/artifacts/; OPS_SHOTS=<dir> keeps one of every page.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');
const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function shot(page: Page, name: string) {
  const dir = process.env.OPS_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Runs a browser step; on failure its page is kept as a screenshot before the error goes on. */
async function keepOnFailure(page: Page, name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    throw e;
  }
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** A paid single-item order for `productId`: placed through the API, paid on the test provider's page. */
async function paidOrder(browser: Browser, productId: string): Promise<string> {
  const res = await fetch(`${base}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': uniq() },
    body: JSON.stringify({
      items: [{ productId, quantity: 1 }],
      buyer: { email: `ops-e2e-${uniq()}@example.test`, name: 'Li Si' },
      shippingAddress: { name: 'Li Si', line1: '2 Huaihai Rd', city: 'Shanghai', postalCode: '200002', country: 'CN' },
    }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { order: { id: string }; payment: { checkoutUrl: string } };
  const payer = await phonePage(browser);
  await payer.goto(body.payment.checkoutUrl);
  await payer.getByRole('button', { name: /^支付$/ }).click();
  await payer.waitForURL(/\/o\/o_/);
  await payer.context().close();
  return body.order.id;
}

describe.skipIf(!hasChromium)('ops console in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a seller is refused at /ops with a 403 page', async () => {
    const page = await phonePage(browser);
    await keepOnFailure(page, 'seller-refused', async () => {
      await signIn(page, 'lily@pinlink.local', 'pinlink-seller-dev');
      await page.waitForURL(/\/me$/);
      const res = await page.goto(`${base}/ops`);
      expect(res?.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toContain('无权访问');
    });
  });

  it('ops sign in, land on /ops, create a product with a group offer, ship one paid order and refund another', async () => {
    const page = await phonePage(browser);
    await keepOnFailure(page, 'ops-run-the-shop', async () => {
      await signIn(page, 'ops@pinlink.local', 'pinlink-ops-dev');
      await page.waitForURL(/\/ops$/);
      expect(await page.locator('h1').textContent()).toBe('概览');
      expect(await page.locator('[data-chart] svg').count()).toBe(3);
      await shot(page, 'overview-zh');

      await page.getByRole('link', { name: '商品', exact: true }).click();
      await page.waitForURL(/\/ops\/products$/);
      await shot(page, 'products-zh');
      await page.getByRole('link', { name: '新建商品' }).click();
      await page.waitForURL(/\/ops\/products\/new$/);
      const title = `运营新品 E2E ${uniq()}`;
      // Labels name every input: fill the form the way a screen reader user would find it.
      await page.getByLabel('标题').fill(title);
      await page.getByLabel('描述').fill('浏览器测试创建');
      await page.getByLabel('分类').fill('E2E');
      await page.getByLabel('单买价（元）').fill('39.9');
      await page.getByLabel('总库存（件）').fill('30');
      await page.getByLabel('成团人数').fill('2');
      await page.getByLabel('拼团价（元）').fill('29.9');
      // The first submit misses the time to fill: the form comes back with the input kept.
      await page.getByRole('button', { name: '创建商品' }).click();
      expect(await page.locator('[data-error=groupDurationMinutes]').textContent()).toContain('开团需要同时填写');
      expect(await page.getByLabel('标题').inputValue()).toBe(title);
      await shot(page, 'product-form-errors-zh');
      await page.getByLabel('成团时限（分钟）').fill('120');
      await page.getByRole('button', { name: '创建商品' }).click();
      await page.waitForURL(/\/ops\/products\/p_[0-9A-Za-z]+\?saved=created$/);
      expect(await page.locator('[role=status]').textContent()).toContain('商品已创建');
      await shot(page, 'product-edit-zh');
      const productId = page.url().match(/\/ops\/products\/(p_[0-9A-Za-z]+)/)![1]!;

      await page.getByRole('link', { name: '在商城里查看' }).click();
      await page.waitForURL(new RegExp(`/p/${productId}$`));
      expect(await page.locator('h1').textContent()).toContain(title);
      expect(await page.content()).toContain('2人拼团价');
      expect(await page.locator('[data-start-group]').count()).toBe(1);

      const toShip = await paidOrder(browser, productId);
      const toRefund = await paidOrder(browser, productId);

      await page.goto(`${base}/ops/orders?status=paid`);
      expect(await page.locator(`[data-order="${toShip}"]`).count()).toBe(1);
      await shot(page, 'orders-zh');
      await page.locator(`[data-order="${toShip}"] a`).click();
      await page.waitForURL(new RegExp(`/ops/orders/${toShip}$`));
      await shot(page, 'order-detail-zh');
      await page.getByLabel('快递公司').fill('顺丰');
      await page.getByLabel('运单号').fill('SF1234567890');
      await page.locator('form[action$="/ship"] button').click();
      await page.waitForURL(/\?done=ship$/);
      expect(await page.locator('[data-order-status]').getAttribute('data-order-status')).toBe('shipped');
      expect(await page.locator('[role=status]').textContent()).toContain('已发货');

      await page.goto(`${base}/ops/orders/${toRefund}`);
      await page.getByRole('button', { name: '全额退款' }).click();
      await page.waitForURL(/\?done=refund$/);
      expect(await page.locator('[data-order-status]').getAttribute('data-order-status')).toBe('refunded');
      expect(await page.locator('[data-timeline=refunded]').count()).toBe(1);

      await page.goto(`${base}/ops/audit`);
      const audit = (await page.locator('table').textContent()) ?? '';
      for (const action of ['product.create', 'order.ship', 'order.refund']) expect(audit).toContain(action);
    });
  });

  it('the language switch (?lang=en and the footer link) works and is remembered by cookie', async () => {
    const page = await phonePage(browser);
    await keepOnFailure(page, 'ops-language', async () => {
      await signIn(page, 'ops@pinlink.local', 'pinlink-ops-dev');
      await page.waitForURL(/\/ops$/);
      await page.goto(`${base}/ops?lang=en`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Overview');
      await shot(page, 'overview-en');
      await page.goto(`${base}/ops/products/new`);
      expect(await page.locator('h1').textContent()).toBe('New product');
      await shot(page, 'product-form-en');
      await page.goto(`${base}/ops/orders`);
      await shot(page, 'orders-en');
      await page.locator('footer [data-lang-switch]').click();
      await page.waitForURL(/lang=zh-CN/);
      expect(await page.locator('h1').textContent()).toBe('订单');
      await page.goto(`${base}/ops`);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('h1').textContent()).toBe('概览');
    });
  });
});
