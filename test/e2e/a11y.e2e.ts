// Accessibility as outside auditors measure it: axe-core on every kind of page at 390 px, in
// both languages, signed in as whoever sees the page. Any serious or critical violation fails.
// A11Y_SHOTS=<dir> keeps a screenshot of every page checked.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_SELLER_PASSWORD, DEMO_SELLERS } from '../../scripts/seed';
import { hasChromium, launchBrowser, jsonApi } from './browser';

const base = inject('e2eBaseUrl');
const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const SELLER = DEMO_SELLERS[0]!;
const LANGS = [
  { lang: 'zh-CN', locale: 'zh-CN' },
  { lang: 'en', locale: 'en-US' },
] as const;

type Who = 'anonymous' | 'seller' | 'buyer' | 'ops';

const api = jsonApi(base);

const address = { name: 'Zhang San', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' };

/** Everything the pages need to exist: a group, a short link, an order with its token, a signed-in buyer. */
async function fixtures() {
  const ops = (await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } })).body.token as string;
  const seller = (await api('/api/auth/login', { body: { email: SELLER.email, password: DEMO_SELLER_PASSWORD } })).body.token as string;
  expect(ops && seller).toBeTruthy();
  const product = await api('/api/ops/products', {
    token: ops,
    body: {
      title: `无障碍检查 A11y group ${uniq()}`,
      description: 'a11y',
      category: 'E2E',
      images: [],
      price: { amount: 9900, currency: 'CNY' },
      stock: 10,
      commission: { level1Bps: 1000, level2Bps: 300 },
      groupBuy: { size: 3, price: { amount: 6900, currency: 'CNY' }, durationMinutes: 60 },
      bargain: { floorPrice: { amount: 1900, currency: 'CNY' }, helpersNeeded: 3, durationHours: 24 },
    },
  });
  expect(product.status).toBe(201);
  const productId = product.body.product.id as string;
  const email = `a11y-${uniq()}@example.test`;
  const order = await api('/api/orders', {
    headers: { 'idempotency-key': uniq() },
    body: { items: [{ productId, quantity: 1 }], buyer: { email, name: 'Zhang San' }, shippingAddress: address, group: { open: true } },
  });
  expect(order.status).toBe(201);
  // A paid single order: its page carries the after-sales (售后) panel.
  const single = await api('/api/orders', {
    headers: { 'idempotency-key': uniq() },
    body: { items: [{ productId, quantity: 2 }], buyer: { email, name: 'Zhang San' }, shippingAddress: address },
  });
  expect(single.status).toBe(201);
  const paid = await fetch(`${base}/pay/test/${single.body.order.id}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: `t=${encodeURIComponent(single.body.orderToken)}`,
    redirect: 'manual',
  });
  expect(paid.status).toBe(303);
  const link = await api('/api/links', { token: seller, body: { productId } });
  expect(link.status).toBe(201);
  const sale = await api('/api/ops/flash-sales', {
    token: ops,
    body: { productId, price: { amount: 4900, currency: 'CNY' }, quantity: 2, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  expect(sale.status).toBe(201);
  expect((await api('/api/buyer/code', { body: { email } })).status).toBe(202);
  const outbox = await api(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  const code = outbox.body.messages.filter((m: { code?: string }) => m.code).pop().code as string;
  const buyer = (await api('/api/buyer/session', { body: { email, code } })).body.token as string;
  expect(buyer).toBeTruthy();
  const bargain = await api('/api/bargains', { token: buyer, body: { productId } });
  expect(bargain.status).toBe(201);
  return {
    bargainId: bargain.body.bargain.id as string,
    tokens: { ops, seller, buyer },
    productId,
    groupId: order.body.order.groupId as string,
    orderId: order.body.order.id as string,
    orderToken: order.body.orderToken as string,
    paidOrderId: single.body.order.id as string,
    paidOrderToken: single.body.orderToken as string,
    linkCode: link.body.code as string,
    flashSaleId: sale.body.flashSale.id as string,
  };
}

type Fixtures = Awaited<ReturnType<typeof fixtures>>;

/** Every page kind, with who sees it. Paths resolved after the fixtures exist. */
function pages(f: Fixtures, sellerId: string): [Who, string][] {
  const t = encodeURIComponent(f.orderToken);
  return [
    ['anonymous', '/'],
    ['anonymous', `/p/${f.productId}`],
    ['anonymous', `/@${SELLER.handle}`],
    ['anonymous', `/@${SELLER.handle}/p/${f.productId}`],
    ['anonymous', `/g/${f.groupId}`],
    ['anonymous', `/b/${f.bargainId}`],
    ['buyer', `/b/${f.bargainId}`],
    ['anonymous', `/r/${f.linkCode}`],
    ['anonymous', '/no-such-page'],
    ['anonymous', `/buy/${f.productId}`],
    // A product with options: the variant picker, on its page and as the first step of /buy.
    ['anonymous', '/p/p_demoApp00001'],
    ['anonymous', '/buy/p_demoApp00001?mode=alone'],
    ['anonymous', `/o/${f.orderId}?t=${t}`],
    ['anonymous', `/pay/test/${f.orderId}?t=${t}`],
    ['anonymous', `/o/${f.paidOrderId}?t=${encodeURIComponent(f.paidOrderToken)}`],
    ['anonymous', '/login'],
    ['anonymous', '/signup'],
    ['anonymous', '/account/login'],
    ['anonymous', '/leaderboard?board=earnings&period=month'],
    ['anonymous', '/leaderboard?board=invites&period=week'],
    ['anonymous', '/flash'],
    ['anonymous', `/flash/${f.flashSaleId}`],
    ['seller', '/me'],
    ['seller', '/me/storefront'],
    ['seller', '/me/withdrawals'],
    ['buyer', '/account'],
    ['buyer', '/account?coupon=claimed'],
    ['ops', '/ops'],
    ['ops', '/ops/audit'],
    ['ops', '/ops/groups'],
    ['ops', '/ops/orders'],
    ['ops', `/ops/orders/${f.orderId}`],
    ['ops', '/ops/payouts'],
    ['ops', '/ops/levels'],
    ['ops', '/ops/withdrawals'],
    ['ops', '/ops/program'],
    ['ops', '/ops/coupons'],
    ['ops', '/ops/sellers?approval=pending'],
    ['ops', '/ops/refunds'],
    ['ops', '/ops/after-sales'],
    ['ops', '/ops/after-sales?status=all'],
    ['ops', '/ops/products'],
    ['ops', `/ops/products/${f.productId}`],
    ['ops', '/ops/products/new'],
    ['ops', '/ops/products/p_demoApp00001'],
    ['ops', '/ops/sellers'],
    ['ops', `/ops/sellers/${sellerId}`],
    ['ops', '/ops/signals'],
    ['ops', '/ops/flash-sales'],
  ];
}

const COOKIE: Record<Exclude<Who, 'anonymous'>, [string, keyof Fixtures['tokens']]> = {
  seller: ['pinlink_session', 'seller'],
  ops: ['pinlink_session', 'ops'],
  buyer: ['pinlink_buyer', 'buyer'],
};

describe.skipIf(!hasChromium)('accessibility (axe) at 390 px', () => {
  let browser: Browser;
  let f: Fixtures;
  const contexts = new Map<string, BrowserContext>();

  beforeAll(async () => {
    browser = await launchBrowser();
    f = await fixtures();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts.values()) await c.close();
    await browser?.close();
  });

  async function contextFor(who: Who, locale: string): Promise<BrowserContext> {
    const key = `${who}:${locale}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
      if (who !== 'anonymous') {
        const [name, token] = COOKIE[who];
        await ctx.addCookies([{ name, value: f.tokens[token], url: base }]);
      }
      contexts.set(key, ctx);
    }
    return ctx;
  }

  it('the favicon and the touch icon are images', async () => {
    for (const [p, type] of [['/favicon.ico', /icon/], ['/apple-touch-icon.png', /image\/png/], ['/favicon.svg', /image\/svg/]] as const) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toMatch(type);
    }
  });

  for (const { lang, locale } of LANGS) {
    it(`has no serious or critical violation on any page (${lang})`, async () => {
      const ops = await (await contextFor('ops', locale)).newPage();
      await ops.goto(`${base}/ops/sellers`);
      const sellerHref = await ops.locator('a[href^="/ops/sellers/s_"]').first().getAttribute('href');
      await ops.close();
      const sellerId = sellerHref!.split('/').pop()!;

      const found: string[] = [];
      const errors: string[] = [];
      for (const [who, p] of pages(f, sellerId)) {
        const page = await (await contextFor(who, locale)).newPage();
        // What a browser's own audit counts: console errors, and any sub-resource that failed
        // (the not-found page's own 404 is its answer, not an error).
        page.on('console', (m) => {
          if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`${p}: ${m.text()}`);
        });
        page.on('response', (r) => {
          if (r.status() >= 400 && r.request().resourceType() !== 'document') errors.push(`${p}: ${r.status()} ${r.url()}`);
        });
        page.on('requestfailed', (r) => errors.push(`${p}: failed ${r.url()}`));
        const res = await page.goto(base + p);
        // The page itself, not a sign-in redirect: the fixtures really signed each viewer in.
        if (p !== '/no-such-page') expect(res?.status(), `${p} as ${who}`).toBe(200);
        if (who !== 'anonymous') expect(new URL(page.url()).pathname, `${p} as ${who}`).not.toMatch(/login/);
        expect(await page.locator('html').getAttribute('lang'), p).toBe(lang);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) {
          if (v.impact !== 'serious' && v.impact !== 'critical') continue;
          found.push(`${p} (${who}, ${lang}): ${v.id} [${v.impact}] ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}: ${v.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ')}`);
        }
        if (process.env.A11Y_SHOTS) {
          fs.mkdirSync(process.env.A11Y_SHOTS, { recursive: true });
          const name = `${lang}-${who}-${p.replace(/\?.*$/, '').replace(/[^a-z0-9]+/gi, '_')}.png`;
          await page.screenshot({ path: path.join(process.env.A11Y_SHOTS, name), fullPage: true });
        }
        await page.close();
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
