// Withdrawals in a phone browser (390 px): a seller with released commission requests one on
// /me/withdrawals, ops approve it and mark it paid on /ops/withdrawals, the seller sees it paid.
// WITHDRAW_SHOTS=<dir> keeps a screenshot of every page.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_SELLER_PASSWORD, DEMO_SELLERS } from '../../scripts/seed';
import { hasChromium, jsonApi, launchBrowser, phonePage } from './browser';

const base = inject('e2eBaseUrl');
const api = jsonApi(base);
const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');

async function shot(page: Page, name: string) {
  const dir = process.env.WITHDRAW_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** A demo seller whose seeded history left at least ¥10 available. */
async function sellerWithBalance() {
  for (const s of DEMO_SELLERS) {
    const token = (await api('/api/auth/login', { body: { email: s.email, password: DEMO_SELLER_PASSWORD } })).body?.token as string | undefined;
    if (!token) continue;
    const mine = await api('/api/me/withdrawals', { token });
    if (mine.status === 200 && mine.body.balance.available.amount >= 1000) return { ...s, available: mine.body.balance.available.amount as number };
  }
  throw new Error('the seed left no demo seller with ¥10 available');
}

describe.skipIf(!hasChromium)('withdrawals at 390 px', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a seller requests a withdrawal, ops approve it and mark it paid, and the seller sees it paid', async () => {
    const s = await sellerWithBalance();
    const seller = await phonePage(browser);
    const ops = await phonePage(browser);
    try {
      await signIn(seller, s.email, DEMO_SELLER_PASSWORD);
      await seller.waitForURL(/\/me$/);
      await seller.getByRole('link', { name: '提现', exact: true }).click();
      await seller.waitForURL(/\/me\/withdrawals$/);
      await shot(seller, 'seller-before');
      await seller.getByLabel('金额（元）').fill('10.00');
      await seller.getByLabel('收款方式').selectOption('alipay');
      await seller.getByLabel('收款账号').fill('13800138000');
      await seller.getByLabel('收款人姓名').fill('张三');
      await seller.getByRole('button', { name: '提交申请' }).click();
      await seller.waitForURL(/\/me\/withdrawals\?done=requested$/);
      const row = seller.locator('[data-withdrawal]').first();
      expect(await row.getAttribute('data-status')).toBe('requested');
      expect(await row.textContent()).toContain('****8000');
      expect(await seller.content()).not.toContain('13800138000');
      const id = (await row.getAttribute('data-withdrawal'))!;
      await shot(seller, 'seller-requested');

      await signIn(ops, 'ops@pinlink.local', 'pinlink-ops-dev');
      await ops.waitForURL(/\/ops$/);
      await ops.getByRole('link', { name: '提现', exact: true }).click();
      await ops.waitForURL(/\/ops\/withdrawals$/);
      await ops.getByRole('link', { name: '待审核' }).click();
      const opsRow = ops.locator(`[data-withdrawal="${id}"]`);
      await shot(ops, 'ops-requested');
      await opsRow.getByRole('button', { name: '批准' }).click();
      await ops.waitForURL(/done=approve/);
      await ops.goto(`${base}/ops/withdrawals?status=approved`);
      await ops.locator(`[data-withdrawal="${id}"]`).getByLabel('转账单号').fill('ALI-E2E-0001');
      await ops.locator(`[data-withdrawal="${id}"]`).getByRole('button', { name: '标记已打款' }).click();
      await ops.waitForURL(/done=mark-paid/);
      await shot(ops, 'ops-paid');

      await seller.goto(`${base}/me/withdrawals`);
      const paid = seller.locator(`[data-withdrawal="${id}"]`);
      expect(await paid.getAttribute('data-status')).toBe('paid');
      expect(await paid.textContent()).toContain('已打款');
      expect(await paid.textContent()).toContain('ALI-E2E-0001');
      await shot(seller, 'seller-paid');
    } catch (e) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await seller.screenshot({ path: path.join(ARTIFACTS, 'withdrawals-seller.png'), fullPage: true }).catch(() => undefined);
      await ops.screenshot({ path: path.join(ARTIFACTS, 'withdrawals-ops.png'), fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      await seller.context().close();
      await ops.context().close();
    }
  });
});
