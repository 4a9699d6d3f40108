// The buyer pages and the checkout form speak one language each: labels, refusals and dates follow the page's language.
import { describe, expect, it } from 'vitest';
import { latestCode, orderFor } from '../buyer-helpers';
import { BASE, call, createProduct, uniq } from '../helpers';

const HAN = /[\u4e00-\u9fff]/;
const form = (data: Record<string, string>, headers: Record<string, string> = {}) => ({
  raw: new URLSearchParams(data).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...headers },
});
/** The page's own words: what is inside <main>, without catalog data (order item titles) or coupon titles (ops write them). */
// The after-sale form names each line by its product title too (in a label and its aria-label).
const mainOf = (html: string) =>
  html
    .slice(html.indexOf('<main>'), html.indexOf('</main>'))
    .replace(/<a href="\/p\/[^"]*">[^<]*<\/a>/g, '')
    .replace(/测试商品 Test product [a-z0-9]+/g, '')
    .replace(/<div class="coupon-title">[^<]*<\/div>/g, '');

describe('buyer pages, one language each', () => {
  it('sign-in page and its refusals in English, with <html lang="en">', async () => {
    const en = { 'accept-language': 'en' };
    const page = await (await call('/account/login', { headers: en })).text();
    expect(page).toContain('<html lang="en"');
    expect(page).toContain('Send code');
    expect(mainOf(page)).not.toMatch(HAN);
    const bad = await call('/account/login', form({ email: 'not-an-email' }, en));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('That email does not look right.');
    expect(mainOf(text)).not.toMatch(HAN);
  });

  it('the same in Chinese, without English labels', async () => {
    const page = await (await call('/account/login', { headers: { 'accept-language': 'zh-CN' } })).text();
    expect(page).toContain('<html lang="zh-CN"');
    expect(page).toContain('发送验证码');
    expect(mainOf(page)).not.toMatch(/Send code|Sign in|Email/);
    const bad = await (await call('/account/login', form({ email: 'nope' }))).text();
    expect(bad).toContain('邮箱格式不对。');
    expect(bad).not.toContain('That email');
  });

  it('the account page: labels, order statuses and dates in the page language', async () => {
    const email = `${uniq('al')}@example.test`;
    await orderFor(email, { until: 'delivered' });
    await call('/account/login', form({ email }));
    const ok = await call('/account/login/verify', form({ email, code: await latestCode(email) }));
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    const en = await (await call('/account', { headers: { cookie, 'accept-language': 'en' } })).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('My orders');
    expect(en).toContain('Earn by sharing');
    expect(en).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/); // an Intl date such as "Nov 29, 2026"
    expect(mainOf(en)).not.toMatch(HAN);
    const zh = await (await call('/account', { headers: { cookie } })).text();
    expect(zh).toContain('我的订单');
    expect(zh).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(mainOf(zh)).not.toMatch(/My orders|Earn by sharing|Following/);
  });
});

describe('checkout form refusals in the page language', () => {
  it('names the wrong fields by their labels, never in zod\'s English', async () => {
    const p = await createProduct();
    const fields = { mode: 'alone', quantity: '1', email: 'not-an-email', name: 'A', line1: '1 Rd', city: 'Shanghai', postalCode: '200000', country: 'CN', idem: uniq('i') };
    const en = await call(`/buy/${p.id}`, form(fields, { 'accept-language': 'en' }));
    expect(en.status).toBe(400);
    const enText = await en.text();
    expect(enText).toContain('Please check the form: Email');
    expect(enText).not.toMatch(/Invalid email|buyer\.email/);
    const zh = await (await call(`/buy/${p.id}`, form({ ...fields, city: '' }))).text();
    expect(zh).toContain('请检查表单：邮箱 · 城市');
    expect(zh).not.toContain('Invalid');
  });
});
