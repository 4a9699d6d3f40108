import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../workers/app';
import { latestCode, orderFor, signInBuyer } from '../buyer-helpers';
import { BASE, call, callJson, signupSeller, uniq } from '../helpers';

const form = (data: Record<string, string>, cookie?: string) => ({
  raw: new URLSearchParams(data).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...(cookie ? { cookie } : {}) },
});
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

/** A view with Postgres unreachable: it can only succeed from snapshots. */
async function viewWithoutPostgres(path: string) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(BASE + path), { ...env, DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('buyer pages', () => {
  it('sign in by code on /account/login, see the order with its timeline, review it, follow the seller', async () => {
    const email = `${uniq('pb')}@example.test`;
    const seller = await signupSeller();
    const o = await orderFor(email, { until: 'delivered' });
    expect((await call('/account')).headers.get('location')).toBe('/account/login');
    expect((await call('/account/login')).status).toBe(200);
    const sent = await call('/account/login', form({ email }));
    expect(await sent.text()).toContain('name="code"');
    const wrong = await call('/account/login/verify', form({ email, code: '12' }));
    expect(wrong.status).toBe(400);
    const ok = await call('/account/login/verify', form({ email, code: await latestCode(email) }));
    expect(ok.status).toBe(303);
    const cookie = cookieOf(ok);
    expect(cookie).toMatch(/^pinlink_buyer=/);

    const account = await call('/account', { headers: { cookie } });
    const html = await account.text();
    expect(html).toContain(`data-order="${o.id}"`);
    expect(html).toContain('已送达');
    expect(html).toContain(`action="/account/reviews/${o.productId}"`);
    expect(html).toContain('分享赚钱');

    const posted = await call(`/account/reviews/${o.productId}`, form({ rating: '5', text: '真的好用 Really good' }, cookie));
    expect(posted.status).toBe(303);
    expect(await (await call('/account', { headers: { cookie } })).text()).not.toContain(`action="/account/reviews/${o.productId}"`);

    const product = await (await call(`/p/${o.productId}`)).text();
    expect(product).toContain('真的好用 Really good');
    expect(product).toContain('已购');
    // Warm: served with Postgres unreachable, so no statement ran.
    const warm = await viewWithoutPostgres(`/p/${o.productId}`);
    expect(warm.status).toBe(200);
    expect(await warm.text()).toContain('真的好用 Really good');

    const before = await (await call(`/@${seller.handle}`)).text();
    expect(before).toContain('data-followers="0"');
    const follow = await call(`/account/follow/${seller.handle}`, form({}, cookie));
    expect(follow.headers.get('location')).toBe(`/@${seller.handle}`);
    expect(await (await call(`/@${seller.handle}`)).text()).toContain('data-followers="1"');
    expect(await (await call('/account', { headers: { cookie } })).text()).toContain(`href="/@${seller.handle}"`);
    expect((await call(`/account/follow/${seller.handle}`, form({}))).headers.get('location')).toBe('/account/login');
    // Another site cannot post the forms.
    const forged = form({ rating: '1', text: 'x' }, cookie);
    expect((await call(`/account/reviews/${o.productId}`, { ...forged, headers: { ...forged.headers, origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('the order page offers my orders after payment, and earn-by-sharing once delivered', async () => {
    const email = `${uniq('pc')}@example.test`;
    const paid = await orderFor(email, { until: 'paid' });
    const paidHtml = await (await call(`/o/${paid.id}?t=${encodeURIComponent(paid.token)}`)).text();
    expect(paidHtml).toContain('data-my-orders');
    expect(paidHtml).not.toContain('data-share-earn');
    const delivered = await orderFor(email, { until: 'delivered' });
    expect(await (await call(`/o/${delivered.id}?t=${encodeURIComponent(delivered.token)}`)).text()).toContain('data-share-earn');
  });
});

describe('experience notes (体验分享)', () => {
  it('PUT /api/me/storefront takes picks with notes, shown on the storefront and the seller product page', async () => {
    const seller = await signupSeller();
    const { createProduct } = await import('../helpers');
    const a = await createProduct();
    const b = await createProduct();
    const long = await callJson('/api/me/storefront', { method: 'PUT', token: seller.token, body: { picks: [{ productId: a.id, note: 'x'.repeat(501) }] } });
    expect(long.status).toBe(400);
    const both = await callJson('/api/me/storefront', { method: 'PUT', token: seller.token, body: { productIds: [a.id], picks: [{ productId: a.id }] } });
    expect(both.status).toBe(400);
    const r = await callJson('/api/me/storefront', { method: 'PUT', token: seller.token, body: { picks: [{ productId: a.id, note: '我自己用了三个月，真心推荐' }, { productId: b.id }] } });
    expect(r.status).toBe(200);
    expect(r.body.storefront.productIds).toEqual([a.id, b.id]);
    const sf = await (await call(`/@${seller.handle}`)).text();
    expect(sf).toContain('我自己用了三个月，真心推荐');
    const page = await (await call(`/@${seller.handle}/p/${a.id}`)).text();
    expect(page).toContain('data-seller-note');
    expect(page).toContain('我自己用了三个月，真心推荐');
    expect(await (await call(`/@${seller.handle}/p/${b.id}`)).text()).not.toContain('data-seller-note');
    // productIds alone still works and clears the notes.
    expect((await callJson('/api/me/storefront', { method: 'PUT', token: seller.token, body: { productIds: [a.id] } })).status).toBe(200);
    expect(await (await call(`/@${seller.handle}/p/${a.id}`)).text()).not.toContain('data-seller-note');
  });
});

describe('seller dashboard additions', () => {
  it('/me/storefront edits notes; /me shows the follower count', async () => {
    const seller = await signupSeller();
    const { createProduct } = await import('../helpers');
    const a = await createProduct();
    const cookie = `pinlink_session=${seller.token}`;
    const body = new URLSearchParams({ displayName: seller.displayName, bio: '', productIds: a.id, [`note_${a.id}`]: '每天都在用 I use it daily' });
    const saved = await call('/me/storefront', { raw: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie } });
    expect(saved.status).toBe(303);
    expect(await (await call(`/@${seller.handle}/p/${a.id}`)).text()).toContain('每天都在用 I use it daily');
    expect(await (await call('/me/storefront', { headers: { cookie } })).text()).toContain('每天都在用 I use it daily');
    const buyer = await signInBuyer(`${uniq('pd')}@example.test`);
    await callJson(`/api/sellers/${seller.handle}/follow`, { token: buyer, method: 'POST' });
    expect(await (await call('/me', { headers: { cookie } })).text()).toContain('data-followers="1"');
  });
});
