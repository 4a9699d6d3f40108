// Test helpers: drive the real Worker (workerd) through its default export.
import { exports } from 'cloudflare:workers';
import { TEST_BINDINGS } from './bindings';

export const BASE = 'http://pinlink.test';

export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  raw?: string;
}

export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  return exports.default.fetch(new Request(BASE + path, { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' }));
}

export async function callJson<T = any>(path: string, opts: CallOptions = {}): Promise<{ status: number; body: T; res: Response }> {
  const res = await call(path, opts);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, res };
}

export const uniq = (p = '') => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export async function signupSeller(opts: { inviteCode?: string; handle?: string } = {}) {
  const handle = opts.handle ?? uniq('s_').toLowerCase().slice(0, 30);
  const email = `${handle}@example.test`;
  const password = 'correct-horse-battery';
  const r = await callJson('/api/auth/signup', {
    body: { email, password, handle, displayName: `Seller ${handle}`, inviteCode: opts.inviteCode },
  });
  if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body.seller, token: r.body.token as string, email, password };
}

let opsTokenCache: string | undefined;
export async function opsToken(): Promise<string> {
  if (opsTokenCache) return opsTokenCache;
  const r = await callJson('/api/auth/login', { body: { email: TEST_BINDINGS.OPS_EMAIL, password: TEST_BINDINGS.OPS_PASSWORD } });
  if (r.status !== 200) throw new Error(`ops login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return (opsTokenCache = r.body.token);
}

export function productBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `测试商品 Test product ${uniq()}`,
    description: '好东西 A good thing',
    category: 'Test',
    images: ['/img/tea/Test.svg'],
    price: { amount: 9900, currency: 'CNY' },
    stock: 10,
    commission: { level1Bps: 1000, level2Bps: 300 },
    ...overrides,
  };
}

export async function createProduct(overrides: Record<string, unknown> = {}) {
  const r = await callJson('/api/ops/products', { token: await opsToken(), body: productBody(overrides) });
  if (r.status !== 201) throw new Error(`create product failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.product;
}
