// Abuse limits (API.md "Abuse limits") through the real Worker, RateLimiter objects and Postgres.
// test/bindings.ts sets small windows: signups 5/4s per address, links 25/4s per seller,
// unpaid orders 5/4s per email, buyer codes 3/4s per email and 8/4s per address.
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../shared/i18n/zh-CN';
import { parseLimit } from '../../workers/services/limits/abuse-limits';
import { clientAddress } from '../../workers/services/limits/client-address';
import { TEST_BINDINGS } from '../bindings';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { BASE, call, callJson, createProduct, signupSeller, uniq } from '../helpers';

const limitOf = (v: string) => parseLimit(v)!.limit;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();
let lastOctet = 1;
/** A fresh documentation address per test, so tests never share a window. */
const freshAddress = () => `198.51.100.${(lastOctet = (lastOctet % 250) + 1)}`;

/** Every refusal is the API.md envelope with a usable Retry-After. Returns the wait in ms. */
function expectRateLimited(r: { status: number; body: any; res: Response }): number {
  expect(r.status).toBe(429);
  expect(r.body.error.code).toBe('rate_limited');
  const retry = Number(r.res.headers.get('retry-after'));
  expect(retry).toBeGreaterThanOrEqual(1);
  expect(retry).toBeLessThanOrEqual(4);
  return retry * 1000 + 150;
}

const signup = (address: string | undefined) => {
  const handle = uniq('ab_').toLowerCase().slice(0, 30);
  return callJson('/api/auth/signup', {
    body: { email: `${handle}@example.test`, password: 'correct-horse-battery', handle, displayName: 'Abuse test' },
    headers: address ? { 'cf-connecting-ip': address } : {},
  });
};

describe('abuse limits', () => {
  it('parses "<count>/<seconds>" and refuses malformed values', () => {
    expect(parseLimit('20/3600')).toEqual({ limit: 20, windowMs: 3_600_000 });
    for (const bad of ['', '0/60', '5/0', '5', 'x/60', '-1/60', undefined]) expect(parseLimit(bad)).toBeNull();
  });

  it('limits signups per client address, leaves other addresses alone, and opens the next window', async () => {
    const a = freshAddress();
    const n = limitOf(TEST_BINDINGS.LIMIT_SIGNUPS_PER_ADDRESS);
    const burst = await Promise.all(Array.from({ length: n + 3 }, () => signup(a)));
    expect(statuses(burst)).toEqual([...Array(n).fill(201), ...Array(3).fill(429)]);
    const wait = expectRateLimited(burst.find((r) => r.status === 429)!);
    expect((await signup(freshAddress())).status).toBe(201);
    // The HTML form is limited by the same window.
    const form = new URLSearchParams({ email: `${uniq('f')}@example.test`, password: 'correct-horse-battery', handle: uniq('fm_').toLowerCase().slice(0, 30), displayName: 'Form' });
    const page = await call('/signup', { method: 'POST', raw: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'cf-connecting-ip': a } });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // In the page's language (zh-CN by default), not the API's English message.
    expect(await page.text()).toContain(zhCN.site.tooManyRequests);
    await sleep(wait);
    expect((await signup(a)).status).toBe(201);
  });

  it('limits link creation per seller', async () => {
    const [s, other] = await Promise.all([signupSeller(), signupSeller()]);
    const n = limitOf(TEST_BINDINGS.LIMIT_LINKS_PER_SELLER);
    const burst = await Promise.all(Array.from({ length: n + 3 }, () => callJson('/api/links', { token: s.token, body: { channel: 'wechat' } })));
    expect(statuses(burst)).toEqual([...Array(n).fill(201), ...Array(3).fill(429)]);
    const wait = expectRateLimited(burst.find((r) => r.status === 429)!);
    expect((await callJson('/api/links', { token: other.token, body: {} })).status).toBe(201);
    await sleep(wait);
    expect((await callJson('/api/links', { token: s.token, body: {} })).status).toBe(201);
  });

  it('limits unpaid orders per buyer email; refused orders hold no stock, retries count once, paying frees a slot', async () => {
    const n = limitOf(TEST_BINDINGS.LIMIT_UNPAID_ORDERS_PER_EMAIL);
    const p = await createProduct({ stock: n + 2 });
    const email = `${uniq('scalper')}@example.test`;
    const body = () => orderBody([{ productId: p.id, quantity: 1 }], { buyer: { email, name: 'Scalper' } });
    const keys = Array.from({ length: n + 2 }, () => uniq('idem-'));
    const burst = await Promise.all(keys.map((k) => placeOrder(body(), k)));
    expect(statuses(burst)).toEqual([...Array(n).fill(201), 429, 429]);
    const wait = expectRateLimited(burst.find((r) => r.status === 429)! as any);
    // A retry of an accepted key is the same order, not a new one.
    const acceptedKey = keys[burst.findIndex((r) => r.status === 201)]!;
    const replay = await placeOrder(body(), acceptedKey);
    expect(replay.status).toBe(201);
    // The refused attempts held nothing: the two units left go to other buyers.
    const others = await Promise.all([1, 2].map(() => placeOrder(orderBody([{ productId: p.id, quantity: 1 }]))));
    expect(statuses(others)).toEqual([201, 201]);
    // Paying one order gives its slot back at once, within the same window.
    const q = await createProduct({ stock: 5 });
    const paid = burst.find((r) => r.status === 201)!;
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: paid.body.order.id, amount: paid.body.order.total })).status).toBe(200);
    const afterPay = await placeOrder(orderBody([{ productId: q.id, quantity: 1 }], { buyer: { email, name: 'Scalper' } }));
    expect(afterPay.status).toBe(201);
    expectRateLimited(await placeOrder(orderBody([{ productId: q.id, quantity: 1 }], { buyer: { email: email.toUpperCase(), name: 'Scalper' } })));
    // The buy page's form answers the same refusal, on its page.
    const buyForm = new URLSearchParams({ mode: 'alone', quantity: '1', email, name: 'Scalper', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' });
    const page = await call(`/buy/${q.id}`, { method: 'POST', raw: buyForm.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(zhCN.site.tooManyRequests);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await sleep(wait);
    expect((await placeOrder(orderBody([{ productId: q.id, quantity: 1 }], { buyer: { email, name: 'Scalper' } }))).status).toBe(201);
  });

  it('does not count orders refused for stock against the buyer', async () => {
    const n = limitOf(TEST_BINDINGS.LIMIT_UNPAID_ORDERS_PER_EMAIL);
    const email = `${uniq('unlucky')}@example.test`;
    const soldOut = await Promise.all(Array.from({ length: n + 2 }, () => createProduct({ stock: 0 })));
    const refused = [];
    for (const p of soldOut) refused.push(await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: { email, name: 'Unlucky' } })));
    expect(refused.map((r) => r.status)).toEqual(Array(n + 2).fill(409));
    const q = await createProduct({ stock: 1 });
    expect((await placeOrder(orderBody([{ productId: q.id, quantity: 1 }], { buyer: { email, name: 'Unlucky' } }))).status).toBe(201);
  });

  it('limits buyer codes per email and per address', async () => {
    const perEmail = limitOf(TEST_BINDINGS.LIMIT_BUYER_CODES_PER_EMAIL);
    const perAddress = limitOf(TEST_BINDINGS.LIMIT_BUYER_CODES_PER_ADDRESS);
    const email = `${uniq('codes')}@example.test`;
    const byEmail = await Promise.all(Array.from({ length: perEmail + 1 }, () => callJson('/api/buyer/code', { body: { email } })));
    expect(statuses(byEmail)).toEqual([...Array(perEmail).fill(202), 429]);
    const waitEmail = expectRateLimited(byEmail.find((r) => r.status === 429)!);

    const a = freshAddress();
    const headers = { 'cf-connecting-ip': a };
    const byAddress = await Promise.all(
      Array.from({ length: perAddress + 2 }, () => callJson('/api/buyer/code', { body: { email: `${uniq('many')}@example.test` }, headers })),
    );
    expect(statuses(byAddress)).toEqual([...Array(perAddress).fill(202), 429, 429]);
    expectRateLimited(byAddress.find((r) => r.status === 429)!);
    // The page form answers the same refusal.
    const form = await call('/account/login', { method: 'POST', raw: `email=${encodeURIComponent(`${uniq('f')}@example.test`)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...headers } });
    expect(form.status).toBe(429);
    expect(form.headers.get('retry-after')).toBeTruthy();

    await sleep(waitEmail);
    expect((await callJson('/api/buyer/code', { body: { email } })).status).toBe(202);
  });

  it('does not refuse a flash sale: many buyers behind the same few addresses all get their orders', async () => {
    const buyers = 40;
    const p = await createProduct({ stock: buyers });
    const rs = await Promise.all(
      Array.from({ length: buyers }, (_, i) =>
        placeOrder(orderBody([{ productId: p.id, quantity: 1 }]), uniq('flash-'), { 'cf-connecting-ip': `203.0.113.${i % 3}` }),
      ),
    );
    expect(statuses(rs)).toEqual(Array(buyers).fill(201));
  });
});

describe('the client address', () => {
  const req = (headers: Record<string, string>) => new Request(BASE, { headers });
  const spoofed = { 'x-forwarded-for': '203.0.113.9, 10.0.0.1', 'x-real-ip': '203.0.113.8' };

  it('is CF-Connecting-IP, and no client-written header outside development', () => {
    for (const ENVIRONMENT of ['production', 'test']) {
      expect(clientAddress({ ENVIRONMENT }, req({ 'cf-connecting-ip': '198.51.100.4', ...spoofed }))).toBe('198.51.100.4');
      expect(clientAddress({ ENVIRONMENT }, req(spoofed))).toBeUndefined();
    }
  });

  it('falls back to the first X-Forwarded-For entry in development only', () => {
    expect(clientAddress({ ENVIRONMENT: 'development' }, req(spoofed))).toBe('203.0.113.9');
    expect(clientAddress({ ENVIRONMENT: 'development' }, req({ 'cf-connecting-ip': '198.51.100.4', ...spoofed }))).toBe('198.51.100.4');
    expect(clientAddress({ ENVIRONMENT: 'development' }, req({ 'x-real-ip': '203.0.113.8' }))).toBeUndefined();
  });
});
