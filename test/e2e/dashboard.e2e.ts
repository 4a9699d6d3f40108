import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');

describe.skipIf(!hasChromium)('seller dashboard in a phone browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the seeded seller signs in, sees the dashboard, creates a link and signs out', async () => {
    const page = await phonePage(browser);
    await page.goto(`${base}/me`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=password]', 'wrong-password');
    await page.fill('input[name=email]', 'lily@pinlink.local');
    await page.click('button[type=submit]');
    expect(await page.locator('[role=alert]').textContent()).toContain('邮箱或密码错误');

    await page.fill('input[name=password]', 'pinlink-seller-dev');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/me$/);
    expect(await page.locator('h1').textContent()).toContain('莉莉 Lily');
    expect(await page.locator('[data-tile]').count()).toBe(8);
    // Chen was invited by Lily in the seed.
    expect(await page.locator('.invite-graph svg').textContent()).toContain('@chen_snacks');
    // The copy island reveals its buttons.
    expect(await page.locator('button[data-copy]').first().isVisible()).toBe(true);

    const before = await page.locator('[data-link]').count();
    await page.fill('input[name=channel]', 'e2e');
    await page.click('form[action="/me/links"] button[type=submit]');
    await page.waitForURL(/\/me$/);
    expect(await page.locator('[data-link]').count()).toBe(before + 1);

    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/login$/);
    await page.goto(`${base}/me`);
    await page.waitForURL(/\/login$/);
  });
});
