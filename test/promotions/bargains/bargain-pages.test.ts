// The bargain page /b/:id through the real Worker: sign in by code on the page, help with a plain
// form, the owner's buy button at the floor, the share card, square thumbnail and poster, and the
// product page's 发起砍价.
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { latestCode } from '../../buyer-helpers';
import { BASE, call, callJson, opsToken, uniq } from '../../helpers';
import { createTee, variantOf } from '../../variant-helpers';
import { bargainProduct, buyer, help, openBargain } from './bargain-helpers';

const form = (data: Record<string, string>, cookie?: string) => ({
  raw: new URLSearchParams(data).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...(cookie ? { cookie } : {}) },
});
const buyerCookie = (token: string) => `pinlink_buyer=${token}`;
const page = async (path: string, cookie?: string) => {
  const r = await call(path, cookie ? { headers: { cookie } } : {});
  return { status: r.status, html: await r.text() };
};
const ogImage = (html: string) => /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('bargain pages', () => {
  it('a visitor signs in by code on the page, helps with the form, and sees the cut; no email is ever shown', async () => {
    const p = await bargainProduct({ helpers: 2, price: 9900, floor: 1900 });
    const owner = await buyer('owner');
    const id = (await openBargain(owner.token, { productId: p.id, name: '小王' })).body.bargain.id;

    const anon = await page(`/b/${id}`);
    expect(anon.status).toBe(200);
    expect(anon.html).toContain('小王');
    expect(anon.html).toContain('data-email-step');
    expect(anon.html).not.toContain('data-help');
    expect(anon.html).not.toContain('@example.test');

    const email = `${uniq('helper')}@example.test`;
    const asked = await call(`/b/${id}/login`, form({ email, next: `/b/${id}` }));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('data-code-step');
    const verified = await call('/account/login/verify', form({ email, code: await latestCode(email), next: `/b/${id}` }));
    expect([verified.status, verified.headers.get('location')]).toEqual([303, `/b/${id}`]);
    const cookie = (verified.headers.get('set-cookie') ?? '').split(';')[0]!;

    const signedIn = await page(`/b/${id}`, cookie);
    expect(signedIn.html).toContain('data-help');
    const helped = await call(`/b/${id}/help`, form({}, cookie));
    expect(helped.status).toBe(303);
    const location = helped.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/b/${id}\\?cut=\\d+$`));
    const after = await page(location, cookie);
    expect(after.html).toContain('data-notice="ok"');
    expect(after.html).toContain('data-helped');
    expect(after.html).not.toContain('data-help ');
    expect(after.html).not.toContain(email);
    // A second help by form is refused in the page's words.
    const again = await call(`/b/${id}/help`, form({}, cookie));
    expect(again.headers.get('location')).toBe(`/b/${id}?error=already_helped`);
    // A post from another site is refused outright.
    expect((await call(`/b/${id}/help`, { ...form({}, cookie), headers: { ...form({}, cookie).headers, origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('the owner shares while open and buys at the floor once it succeeded, in both languages', async () => {
    const p = await bargainProduct({ helpers: 2, price: 9900, floor: 1900 });
    const owner = await buyer('owner');
    const id = (await openBargain(owner.token, { productId: p.id })).body.bargain.id;
    const open = await page(`/b/${id}`, buyerCookie(owner.token));
    expect(open.html).toContain('data-owner-hint');
    expect(open.html).not.toContain('data-buy-floor');
    expect(open.html).toContain(`/b/${id}/poster.png`);
    for (let i = 0; i < 2; i++) expect((await help(id, (await buyer('h')).token)).status).toBe(201);
    const zh = await page(`/b/${id}`, buyerCookie(owner.token));
    expect(zh.html).toContain(`href="/buy/${p.id}?bargain=${id}"`);
    expect(zh.html).toContain('立即购买 ¥19.00');
    const en = await page(`/b/${id}?lang=en`, buyerCookie(owner.token));
    expect(en.html).toContain('Buy now for CN¥19.00');
    // The buy form carries the bargain and shows the floor price.
    const buy = await page(`/buy/${p.id}?bargain=${id}`);
    expect(buy.html).toContain(`name="bargain" value="${id}"`);
    expect(buy.html).toContain('data-unit-price="1900"');
    // Someone else sees no buy button.
    expect((await page(`/b/${id}`, buyerCookie((await buyer('x')).token))).html).not.toContain('data-buy-floor');
  });

  it('share card, square thumbnail and poster: PNGs that follow the price, the poster QR leads to the page', async () => {
    const p = await bargainProduct({ helpers: 3 });
    const owner = await buyer('owner');
    const id = (await openBargain(owner.token, { productId: p.id })).body.bargain.id;
    const first = ogImage((await page(`/b/${id}`)).html)!;
    expect(first).toMatch(new RegExp(`^${BASE}/card/b/${id}\\.png\\?v=`));
    const card = await call(first.replace(BASE, ''));
    expect([card.status, card.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(decode(new Uint8Array(await card.arrayBuffer())).width).toBe(1200);
    const square = await call(`/card/b/${id}.png?square`);
    expect(decode(new Uint8Array(await square.arrayBuffer())).width).toBe(600);
    expect((await page(`/b/${id}`)).html).toContain(`/card/b/${id}.png?v=`);

    await help(id, (await buyer('h')).token);
    expect(ogImage((await page(`/b/${id}`)).html)).not.toBe(first);

    const poster = await call(`/b/${id}/poster.png`);
    expect(poster.status).toBe(200);
    const { width, height, data } = decode(new Uint8Array(await poster.arrayBuffer()));
    expect(height).toBeGreaterThan(width);
    expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data).toBe(`${BASE}/b/${id}`);
    for (const path of ['/b/d_nosuchbargain1', '/card/b/d_nosuchbargain1.png', '/b/d_nosuchbargain1/poster.png', '/card/b/x.png']) expect((await call(path)).status, path).toBe(404);
  });

  it('the product page offers 发起砍价; the form opens one for a signed-in buyer, or leads back to their open one', async () => {
    const p = await bargainProduct({ helpers: 2, price: 9900, floor: 1900 });
    const product = await page(`/p/${p.id}`);
    expect(product.html).toContain('data-start-bargain');
    expect(product.html).toContain('¥19.00');
    const anon = await call('/b', form({ product: p.id }));
    expect(anon.status).toBe(200);
    expect(await anon.text()).toContain('action="/b/login"');
    const owner = await buyer('owner');
    const opened = await call('/b', form({ product: p.id }, buyerCookie(owner.token)));
    expect(opened.status).toBe(303);
    const loc = opened.headers.get('location')!;
    expect(loc).toMatch(/^\/b\/d_/);
    const again = await call('/b', form({ product: p.id }, buyerCookie(owner.token)));
    expect(again.headers.get('location')).toBe(`${loc}?error=conflict`);
    expect((await callJson(`/api/bargains/${loc.slice(3)}`)).body.bargain.status).toBe('open');
  });

  it('a product with options starts its bargain from the variant picker, for the chosen variant, and the buy form keeps it', async () => {
    const tee = await createTee();
    const ops = await opsToken();
    expect((await callJson(`/api/ops/products/${tee.id}`, { token: ops, method: 'PATCH', body: { bargain: { floorPrice: { amount: 2900, currency: 'CNY' }, helpersNeeded: 2, durationHours: 24 } } })).status).toBe(200);
    const product = await page(`/p/${tee.id}`);
    expect(product.html).toMatch(/formaction="\/b"[^>]*data-start-bargain|data-start-bargain[^>]*formaction="\/b"/);
    const owner = await buyer('owner');
    const opened = await call('/b', form({ product: tee.id, o0: '黑', o1: 'M' }, buyerCookie(owner.token)));
    expect(opened.status).toBe(303);
    const id = opened.headers.get('location')!.slice(3);
    const bargain = (await callJson(`/api/bargains/${id}`)).body.bargain;
    expect(bargain).toMatchObject({ variantId: variantOf(tee, '黑', 'M').id, startPrice: { amount: 7900 } });
    for (let i = 0; i < 2; i++) expect((await help(id, (await buyer('h')).token)).status).toBe(201);
    const buyHref = /href="(\/buy\/[^"]+)" data-buy-floor/.exec((await page(`/b/${id}`, buyerCookie(owner.token))).html)?.[1]?.replace(/&amp;/g, '&');
    expect(buyHref).toBe(`/buy/${tee.id}?bargain=${id}&variant=${variantOf(tee, '黑', 'M').id}`);
    const buy = await page(buyHref!);
    expect(buy.html).toContain('data-unit-price="2900"');
    expect(buy.html).toContain(`name="variant" value="${variantOf(tee, '黑', 'M').id}"`);
  });
});

