// A phone buys one variant: picks 黑 / M on the demo T-shirt, sees the price follow the choice
// without a reload, and pays for that variant. Screenshots of the picker and the ops editor, in
// both languages, go to a temporary folder for a person to look at.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoProductId, demoVariantId } from '../../scripts/seed/seed-demo';
import { hasChromium, launchBrowser, phonePage, jsonApi } from './browser';

const base = inject('e2eBaseUrl');
const SCREENS = process.env.E2E_SCREENS ?? tmpdir();
const TEE = demoProductId('App00001');

const api = jsonApi(base);

const available = async (variantId: string) =>
  (await api(`/api/products/${TEE}`)).body.product.variants.find((v: { id: string }) => v.id === variantId).stockAvailable as number;

describe.skipIf(!hasChromium)('variants in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('picks 黑 / M, sees the price change without a reload, and pays for that variant', async () => {
    const blackM = (await api(`/api/products/${TEE}`)).body.product.variants.find((v: { options: Record<string, string> }) => v.options['颜色'] === '黑' && v.options['尺码'] === 'M');
    expect(blackM.id).toBe(demoVariantId('App00001', '06'));
    const before = await available(blackM.id);
    const page = await phonePage(browser);
    await page.goto(`${base}/p/${TEE}`);
    const price = page.locator('[data-alone-price]');
    await expect.poll(() => price.textContent()).toContain('59');
    await page.screenshot({ path: join(SCREENS, 'variant-picker-zh.png'), fullPage: true });
    const url = page.url();
    await page.locator('label', { hasText: /^黑$/ }).click();
    await page.locator('label', { hasText: /^M$/ }).click();
    await expect.poll(() => price.textContent()).toContain('69');
    expect(page.url()).toBe(url);
    expect(await page.locator('[data-variant-stock]').textContent()).toContain(String(before));
    await page.screenshot({ path: join(SCREENS, 'variant-picker-zh-black-m.png'), fullPage: true });
    await page.locator('[data-buy-alone]').click();
    await page.waitForURL(/\/buy\/p_/);
    expect(await page.locator('[data-variant]').textContent()).toContain('黑 / M');
    expect(await page.locator('[data-unit-price]').getAttribute('data-unit-price')).toBe('6900');
    await page.fill('#f-email', `tee-${Date.now()}@example.test`);
    await page.fill('#f-name', '王五');
    await page.fill('#f-line1', '8 Huaihai Rd');
    await page.fill('#f-city', 'Shanghai');
    await page.fill('#f-postalCode', '200002');
    await page.locator('[data-submit]').click();
    await page.waitForURL(/\/pay\/test\/o_/);
    await page.getByRole('button', { name: /^支付$/ }).click();
    await page.waitForURL(/\/o\/o_/);
    expect(await available(blackM.id)).toBe(before - 1);
  });

  it('the picker and the ops editor at 390 px, in English too', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en' });
    const en = await ctx.newPage();
    await en.goto(`${base}/p/${TEE}?lang=en`);
    await en.screenshot({ path: join(SCREENS, 'variant-picker-en.png'), fullPage: true });
    await en.goto(`${base}/@lily_tea/p/${demoProductId('Tea00005')}?lang=en`);
    await en.locator('label', { hasText: /^250g$/ }).click();
    await expect.poll(() => en.locator('[data-price]').textContent()).toContain('148');
    await en.screenshot({ path: join(SCREENS, 'variant-picker-tea-en.png'), fullPage: true });
    const ops = (await api('/api/auth/login', { body: { email: 'ops@pinlink.local', password: 'pinlink-ops-dev' } })).body.token as string;
    for (const [lang, locale] of [['zh-CN', 'zh-CN'], ['en', 'en']] as const) {
      const c = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, extraHTTPHeaders: { authorization: `Bearer ${ops}` } });
      const p = await c.newPage();
      await p.goto(`${base}/ops/products/${TEE}?lang=${lang}`);
      expect(await p.locator('[data-variant-row]').count()).toBe(12);
      await p.screenshot({ path: join(SCREENS, `variant-editor-${lang}.png`), fullPage: true });
      await c.close();
    }
    await ctx.close();
  });
});
