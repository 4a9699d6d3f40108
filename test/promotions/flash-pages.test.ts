// The flash-sale pages: ops make and stop a sale through the form, buyers see it on /flash and
// /flash/:id in both languages, and the buy button reaches checkout at the sale's price.
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { instantToLocalInput } from '../../shared/promotions/local-time';
import { BASE, call, callJson, createProduct, opsToken } from '../helpers';
import { opsGet, opsPost } from '../ops-desk-helpers';

const iso = (ms: number) => new Date(ms).toISOString();
const page = async (path: string, lang = 'zh-CN') => {
  const res = await call(path, { headers: { 'accept-language': lang } });
  return { status: res.status, text: await res.text() };
};

describe('flash-sale pages', () => {
  it('ops make a sale with the form (times in the store zone), see it listed, and stop it', async () => {
    const p = await createProduct({ stock: 10, title: `秒杀表单 Flash form ${Date.now()}` });
    const start = Date.now() + 3_600_000;
    const zone = 'Asia/Shanghai';
    const made = await opsPost('/ops/flash-sales', {
      item: p.id,
      price: '19.90',
      quantity: '3',
      startsAt: instantToLocalInput(new Date(start), zone),
      endsAt: instantToLocalInput(new Date(start + 3_600_000), zone),
      perBuyer: '1',
    });
    expect([made.status, made.headers.get('location')]).toEqual([303, '/ops/flash-sales?done=created']);
    const list = (await callJson('/api/ops/flash-sales', { token: await opsToken() })).body.items;
    const sale = list.find((s: { productId: string }) => s.productId === p.id);
    expect(sale).toMatchObject({ price: { amount: 1990 }, quantity: 3, status: 'upcoming', limits: { perBuyer: 1 } });
    // The local time typed is the zone's wall clock, to the minute.
    expect(Math.abs(Date.parse(sale.startsAt) - start)).toBeLessThan(60_000);
    const html = await (await opsGet('/ops/flash-sales')).text();
    expect(html).toContain(`data-sale="${sale.id}"`);
    expect(html).toContain('未开始');

    const tooMany = await opsPost('/ops/flash-sales', { item: p.id, price: '1', quantity: '50', startsAt: instantToLocalInput(new Date(start + 7_200_000), zone), endsAt: instantToLocalInput(new Date(start + 9_000_000), zone) });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain('role="alert"');
    const cross = await opsPost(`/ops/flash-sales/${sale.id}/stop`, {}, { origin: 'https://evil.test' });
    expect(cross.status).toBe(403);
    const stop = await opsPost(`/ops/flash-sales/${sale.id}/stop`);
    expect([stop.status, stop.headers.get('location')]).toEqual([303, '/ops/flash-sales?done=stopped']);
    expect((await callJson(`/api/flash-sales/${sale.id}`)).body.flashSale.status).toBe('ended');
    expect((await call('/ops/flash-sales')).status).toBe(302);
  });

  it('buyers see the sale with its countdown by server time, and the buy button checks out at the sale price', async () => {
    const p = await createProduct({ stock: 10, title: `秒杀页 Flash page ${Date.now()}` });
    const sale = (
      await callJson('/api/ops/flash-sales', {
        token: await opsToken(),
        body: { productId: p.id, price: { amount: 1900, currency: 'CNY' }, quantity: 4, startsAt: iso(Date.now() - 1000), endsAt: iso(Date.now() + 3_600_000) },
      })
    ).body.flashSale;
    const zh = await page('/flash');
    expect(zh.status).toBe(200);
    expect(zh.text).toContain(`data-flash-sale="${sale.id}"`);
    expect(zh.text).toContain('data-server-now=');
    expect(zh.text).toContain('正在抢');
    const en = await page('/flash', 'en');
    expect(en.text).toContain('On now');

    const one = await page(`/flash/${sale.id}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('还剩 4 件');
    // Its own card (the sale price, when it opens) and a poster whose QR code leads back to the sale.
    const ogImage = /<meta property="og:image" content="([^"]+)"/.exec(one.text)![1]!.replace(/&amp;/g, '&');
    expect(ogImage).toMatch(new RegExp(`^${BASE}/card/t/${sale.id}\\.png\\?v=`));
    const card = await call(ogImage.replace(BASE, ''));
    expect([card.status, card.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(decode(new Uint8Array(await card.arrayBuffer())).width).toBe(1200);
    const square = await call(`/card/t/${sale.id}.png?square`);
    expect(decode(new Uint8Array(await square.arrayBuffer())).width).toBe(600);
    expect(one.text).toContain(`/flash/${sale.id}/poster.png`);
    const posterRes = await call(`/flash/${sale.id}/poster.png`);
    expect(posterRes.status).toBe(200);
    const png = decode(new Uint8Array(await posterRes.arrayBuffer()));
    expect(jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)?.data).toBe(`${BASE}/flash/${sale.id}`);
    expect((await call('/card/t/t_nosuchsale123.png')).status).toBe(404);
    expect((await call('/flash/t_nosuchsale123/poster.png')).status).toBe(404);
    const buyHref = /href="([^"]+)" data-flash-buy/.exec(one.text)![1]!.replace(/&amp;/g, '&');
    expect(buyHref).toContain(`flashSale=${sale.id}`);
    const form = await page(buyHref);
    expect(form.text).toContain(`name="flashSale" value="${sale.id}"`);
    expect(form.text).toContain('data-unit-price="1900"');
    const idem = /name="idem" value="([^"]+)"/.exec(form.text)![1]!;
    const posted = await call(`/buy/${p.id}`, {
      method: 'POST',
      raw: new URLSearchParams({ mode: 'alone', idem, flashSale: sale.id, quantity: '1', email: 'flash@example.test', name: '张三', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    });
    expect(posted.status).toBe(303);
    expect((await callJson(`/api/flash-sales/${sale.id}`)).body.flashSale.remaining).toBe(3);

    expect((await page('/flash/t_nosuchsale123')).status).toBe(404);
    expect((await page('/flash/nonsense')).status).toBe(404);
  });
});
