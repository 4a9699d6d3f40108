import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');

describe.skipIf(!hasChromium)('storefront in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('home shows seeded products by category and links to product pages', async () => {
    const page = await phonePage(browser);
    await page.goto(`${base}/`);
    const categories = await page.locator('section h2').allTextContents();
    expect(categories.length).toBeGreaterThanOrEqual(3);
    const cards = page.locator('a.card');
    expect(await cards.count()).toBeGreaterThanOrEqual(12);
    await cards.first().click();
    await page.waitForURL(/\/p\/p_/);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('Pinlink');
  });

  it('a seller storefront shows the persona and curated picks', async () => {
    const page = await phonePage(browser);
    const res = await page.goto(`${base}/@lily_tea`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain('莉莉 Lily');
    expect(await page.locator('a.card').count()).toBe(8);
    const href = await page.locator('a.card').first().getAttribute('href');
    expect(href).toMatch(/^\/@lily_tea\/p\/p_/);
  });

  it('an unknown page shows the 404 page', async () => {
    const page = await phonePage(browser);
    const res = await page.goto(`${base}/@nobody_at_all`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('页面不存在');
  });
});
