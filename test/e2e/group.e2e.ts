import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, phonePage, jsonApi } from './browser';

const base = inject('e2eBaseUrl');

const api = jsonApi(base);

const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const members = (page: Page) => page.locator('[data-group-live] [data-members]').textContent();
const held = (page: Page) => page.locator('[data-group-live] [data-held]').textContent();

async function openGroupViaApi() {
  // Local-dev ops defaults (.dev.vars.example).
  const login = await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } });
  expect(login.status).toBe(200);
  const product = await api('/api/ops/products', {
    token: login.body.token,
    body: {
      title: `三人团测试 E2E group ${uniq()}`,
      description: 'e2e',
      category: 'E2E',
      images: [],
      price: { amount: 9900, currency: 'CNY' },
      stock: 10,
      commission: { level1Bps: 1000, level2Bps: 300 },
      groupBuy: { size: 3, price: { amount: 6900, currency: 'CNY' }, durationMinutes: 60 },
    },
  });
  expect(product.status).toBe(201);
  const pid = product.body.product.id as string;
  const leader = await api('/api/orders', {
    headers: { 'idempotency-key': uniq() },
    body: {
      items: [{ productId: pid, quantity: 1 }],
      buyer: { email: `lead-${uniq()}@example.test`, name: 'Zhang San' },
      shippingAddress: { name: 'Zhang San', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
      group: { open: true },
    },
  });
  expect(leader.status).toBe(201);
  return { pid, gid: leader.body.order.groupId as string, leader: leader.body };
}

describe.skipIf(!hasChromium)('group buy in phone browsers', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('two browsers on /g/:id watch the counter move live as a third buyer joins and pays', async () => {
    // The leader opens the group through the API and pays on the test provider's page.
    const { gid, leader } = await openGroupViaApi();
    const payer = await phonePage(browser);
    await payer.goto(leader.payment.checkoutUrl);
    await payer.getByRole('button', { name: /^支付$/ }).click();
    await payer.waitForURL(/\/o\/o_/);

    const watchers = [await phonePage(browser), await phonePage(browser)];
    for (const w of watchers) {
      await w.goto(`${base}/g/${gid}`);
      await w.waitForSelector('[data-group-live][data-live="socket"]');
      expect(await members(w)).toBe('1');
      expect(await w.locator('[data-status-line]').textContent()).toContain('还差 2 人');
      expect(await w.locator('.seat.paid').textContent()).toBe('ZS');
      await w.evaluate(() => ((globalThis as any).__noReload = true));
    }

    // A third buyer follows the join button, fills the checkout form and lands on the payment page.
    const buyer = await phonePage(browser);
    await buyer.goto(`${base}/g/${gid}`);
    await buyer.locator('[data-join]').click();
    await buyer.waitForURL(/\/buy\/p_/);
    await buyer.fill('#f-email', `third-${uniq()}@example.test`);
    await buyer.fill('#f-name', '王五');
    await buyer.fill('#f-line1', '8 Huaihai Rd');
    await buyer.fill('#f-city', 'Shanghai');
    await buyer.fill('#f-postalCode', '200002');
    await buyer.locator('[data-submit]').click();
    await buyer.waitForURL(/\/pay\/test\/o_/);

    for (const w of watchers) {
      await w.waitForFunction(() => (globalThis as any).document.querySelector('[data-held]')?.textContent === '1');
      expect(await members(w)).toBe('1');
    }
    await buyer.getByRole('button', { name: /^支付$/ }).click();
    await buyer.waitForURL(/\/o\/o_/);
    expect(await buyer.locator('h1').getAttribute('data-status')).toBe('awaiting_group');

    for (const w of watchers) {
      await w.waitForFunction(() => (globalThis as any).document.querySelector('[data-members]')?.textContent === '2');
      expect(await held(w)).toBe('0');
      expect(await w.locator('[data-status-line]').textContent()).toContain('还差 1 人');
      expect(await w.locator('.seat.paid').count()).toBe(2);
      expect(await w.evaluate(() => (globalThis as any).__noReload)).toBe(true);
    }
  });

  it('falls back to polling when the WebSocket cannot connect', async () => {
    const { pid, gid } = await openGroupViaApi();
    const page = await phonePage(browser);
    await page.addInitScript(() => {
      // An in-app browser whose proxy refuses sockets.
      (globalThis as any).WebSocket = class {
        onclose: ((e: unknown) => void) | null = null;
        constructor() {
          setTimeout(() => this.onclose?.({}), 10);
        }
        close() {}
      };
    });
    await page.goto(`${base}/g/${gid}`);
    await page.waitForSelector('[data-group-live][data-live="polling"]');
    const before = await members(page);
    const join = await api('/api/orders', {
      headers: { 'idempotency-key': uniq() },
      body: {
        items: [{ productId: pid, quantity: 1 }],
        buyer: { email: `poll-${uniq()}@example.test`, name: 'Li Si' },
        shippingAddress: { name: 'Li Si', line1: '2 Rd', city: 'Beijing', postalCode: '100000', country: 'CN' },
        group: { join: gid },
      },
    });
    expect(join.status).toBe(201);
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-held]')?.textContent === '2', undefined, { timeout: 15_000 });
    expect(await members(page)).toBe(before);
  });
});
