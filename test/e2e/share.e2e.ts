// The share loop from outside, with real clients: a link-preview scraper (open-graph-scraper)
// reads every page kind, the cards are decoded, a poster's QR code is read back (jsQR), and a
// buyer on a 390 px phone pays for a group and is pushed to bring friends.
import fs from 'node:fs';
import path from 'node:path';
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import ogs from 'open-graph-scraper';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');
const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function api(p: string, init: { body?: unknown; token?: string; method?: string; idem?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.idem) headers['idempotency-key'] = init.idem;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(base + p, { method: init.method ?? (init.body ? 'POST' : 'GET'), headers, body: init.body ? JSON.stringify(init.body) : undefined, redirect: 'manual' });
  return { status: res.status, body: (await res.json().catch(() => null)) as any, res };
}

async function png(url: string) {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, ...decode(bytes) };
}

const qrOf = (img: { width: number; height: number; data: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number } }) =>
  jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height)?.data;

const LOOPBACK_URLS = {
  allow_fragments: true,
  allow_protocol_relative_urls: false,
  allow_query_components: true,
  allow_trailing_dot: false,
  allow_underscores: true,
  protocols: ['http', 'https'],
  require_host: true,
  require_port: false,
  require_protocol: false,
  require_tld: false,
  require_valid_protocol: true,
  validate_length: true,
};

let fixture: { productId: string; teaProductId: string; code: string };

beforeAll(async () => {
  // Local-dev defaults (.dev.vars.example and the seed).
  const ops = await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } });
  const product = await api('/api/ops/products', {
    token: ops.body.token,
    body: {
      title: `分享测试 Share loop ${uniq()}`,
      description: 'e2e',
      category: 'E2E',
      images: [],
      price: { amount: 9900, currency: 'CNY' },
      stock: 20,
      commission: { level1Bps: 1000, level2Bps: 300 },
      groupBuy: { size: 3, price: { amount: 6900, currency: 'CNY' }, durationMinutes: 60 },
    },
  });
  expect(product.status).toBe(201);
  const lily = await api('/api/auth/login', { body: { email: 'lily@pinlink.local', password: 'pinlink-seller-dev' } });
  const link = await api('/api/links', { token: lily.body.token, body: { productId: product.body.product.id, channel: 'wechat' } });
  expect(link.status).toBe(201);
  const sf = await (await fetch(`${base}/@lily_tea`)).text();
  fixture = { productId: product.body.product.id, teaProductId: sf.match(/href="\/@lily_tea\/p\/(p_[A-Za-z0-9]+)"/)![1]!, code: link.body.code };
});

describe('link previews', () => {
  it('a preview scraper finds a 1200×630 PNG card on every page kind, and the short link previews its target', async () => {
    const leader = await api('/api/orders', {
      body: {
        items: [{ productId: fixture.productId, quantity: 1 }],
        buyer: { email: `lead-${uniq()}@example.test`, name: 'Zhang San' },
        shippingAddress: { name: 'Zhang San', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
        group: { open: true },
      },
      idem: uniq(),
    });
    expect(leader.status).toBe(201);
    const pages = [`/p/${fixture.productId}`, '/@lily_tea', `/@lily_tea/p/${fixture.teaProductId}`, `/g/${leader.body.order.groupId}`, `/r/${fixture.code}`];
    for (const p of pages) {
      const { result } = await ogs({
        url: base + p,
        fetchOptions: { headers: { 'user-agent': 'TelegramBot (like TwitterBot)' } },
        // Loopback has no TLD, and seed handles have underscores; otherwise the scraper's defaults.
        urlValidatorSettings: { ...LOOPBACK_URLS },
      });
      const card = result.ogImage?.[0];
      expect(card?.url, p).toMatch(/^http:\/\/.+\/card\/.+\.png\?v=/);
      expect([card?.width, card?.height, card?.type], p).toEqual(['1200', '630', 'image/png']);
      expect(result.twitterCard, p).toBe('summary_large_image');
      const img = await png(card!.url);
      expect([img.width, img.height], p).toEqual([1200, 630]);
      expect(img.bytes.length, p).toBeLessThan(600 * 1024);
    }
  });

  it("the poster of a seller's link carries a QR code of the short link", async () => {
    const img = await png(`${base}/r/${fixture.code}/poster.png`);
    expect(img.width).toBeGreaterThanOrEqual(600);
    expect(img.height).toBeGreaterThan(img.width);
    expect(qrOf(img)).toBe(`${base}/r/${fixture.code}`);
  });
});

describe.skipIf(!hasChromium)('the invite loop on a phone', () => {
  let browser: Browser;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    // Keep what the phone showed when a test fails (test/e2e/artifacts is git-ignored).
    if (ctx.task.result?.state === 'fail' && page) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `share-${uniq()}.png`), fullPage: true }).catch(() => {});
    }
  });

  it("a buyer from a seller's link pays for a group and is pushed to share it: 还差 N 人, copy, poster, system share", async () => {
    page = await phonePage(browser);
    const shared: unknown[] = [];
    await page.exposeFunction('__recordShare', (d: unknown) => shared.push(d));
    await page.addInitScript(() => {
      // Headless Chromium has no share sheet; stand in for the phone's, and record what it is given.
      (navigator as any).share = (d: unknown) => (globalThis as any).__recordShare(d);
    });

    // The seller's short link → the product page → open a group → pay on the test provider.
    await page.goto(`${base}/r/${fixture.code}`);
    await page.locator('[data-start-group]').click();
    await page.waitForURL(/\/buy\/p_/);
    await page.fill('#f-email', `inviter-${uniq()}@example.test`);
    await page.fill('#f-name', '李雷');
    await page.fill('#f-line1', '2 Nanjing Rd');
    await page.fill('#f-city', 'Shanghai');
    await page.fill('#f-postalCode', '200001');
    await page.locator('[data-submit]').click();
    await page.waitForURL(/\/pay\/test\/o_/);
    await page.getByRole('button', { name: /^支付$/ }).click();
    await page.waitForURL(/\/o\/o_/);

    // The order page asks for friends, in one language, with every way to share.
    await expect.poll(() => page!.locator('[data-share-headline]').textContent()).toContain('还差 2 人成团');
    const posterHref = await page.locator('[data-share-poster]').first().getAttribute('href');
    expect(posterHref).toMatch(/^\/g\/g_[A-Za-z0-9]+\/poster\.png$/);
    const gid = posterHref!.split('/')[2]!;
    await expect.poll(() => page!.locator('[data-share-native]').isVisible()).toBe(true);
    await page.locator('[data-share-native]').click();
    await expect.poll(() => shared.length).toBe(1);
    expect((shared[0] as { url: string }).url).toContain(`/g/${gid}`);
    await expect.poll(() => page!.locator('[data-share-copy]').isVisible()).toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(/Invite friends|more to go/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'invite-order-390.png'), fullPage: true });

    // The poster's QR code leads to the group.
    const poster = await png(base + posterHref!);
    expect(qrOf(poster)).toBe(`${base}/g/${gid}`);

    // The group page pushes the same way; a WeChat browser is told to save the poster.
    const wechat = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47', locale: 'zh-CN' });
    const friend = await wechat.newPage();
    await friend.goto(`${base}/g/${gid}`);
    await expect.poll(() => friend.locator('[data-share-headline]').textContent()).toContain('还差 2 人成团');
    await expect.poll(() => friend.locator('[data-share-status]').textContent()).toContain('保存海报');
    await friend.screenshot({ path: path.join(ARTIFACTS, 'invite-group-wechat-390.png'), fullPage: true });
    await wechat.close();
  });
});
