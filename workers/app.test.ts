import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from './app';
import type { AppEnv } from './env';

// The same Worker, but its Postgres is unreachable (nothing listens on the proxy port).
const deadDbEnv = { ...(env as unknown as AppEnv), LOCAL_DB_PROXY: '127.0.0.1:9' };

async function callWithDeadDb(path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://pinlink.test${path}`, init), deadDbEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('when Postgres is unreachable', () => {
  it('healthz says 503 with an error body', async () => {
    const res = await callWithDeadDb('/healthz');
    expect(res.status).toBe(503);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe('unavailable');
  });

  it('API calls answer 503 unavailable with Retry-After, never 500', async () => {
    const res = await callWithDeadDb('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.test', password: 'whatever-123' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe('unavailable');
  });

  it('page routes answer an HTML error page in the visitor\'s language, with the request id', async () => {
    const zh = await callWithDeadDb('/buy/p_nosuchproduct01', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'mode=alone' });
    expect(zh.status).toBe(503);
    expect(zh.headers.get('content-type')).toMatch(/^text\/html/);
    expect(zh.headers.get('retry-after')).toBe('1');
    const zhHtml = await zh.text();
    expect(zhHtml).toContain('<html lang="zh-CN"');
    expect(zhHtml).toContain('服务繁忙');
    expect(zhHtml).toContain(zh.headers.get('x-request-id')!);
    expect(zhHtml).not.toContain('"error"');
    const en = await callWithDeadDb('/@nobody_here', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.status).toBe(503);
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en"');
    expect(enHtml).toContain('We are busy');
    expect(enHtml).not.toContain('服务繁忙');
  });

  it('bad input is still a 400 before any database work', async () => {
    const res = await callWithDeadDb('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
  });
});

describe('production configuration', () => {
  const base = env as unknown as AppEnv;
  const prod = (over: Partial<AppEnv>) => ({ ...base, ENVIRONMENT: 'production', ...over }) as AppEnv;
  async function health(e: AppEnv) {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request('http://pinlink.test/healthz'), e, ctx);
    await waitOnExecutionContext(ctx);
    return res.status;
  }

  it('refuses to serve with development defaults or the test payment provider', async () => {
    expect(await health(prod({ JWT_KEYS: 'dev1:pinlink-dev-jwt-secret-change-me-0123456789', PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk', STRIPE_WEBHOOK_SECRET: 'wh' }))).toBe(503);
    expect(await health(prod({ PAYMENT_PROVIDER: 'test' }))).toBe(503);
    expect(await health(prod({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined }))).toBe(503);
  });

  it('serves with real secrets and Stripe, or the test provider when explicitly allowed', async () => {
    expect(await health(prod({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toBe(200);
    expect(await health(prod({ PAYMENT_PROVIDER: 'test', ALLOW_TEST_PAYMENTS: 'true' }))).toBe(200);
  });

  it('refuses to serve with BENCH_ROUTES set', async () => {
    expect(await health(prod({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', BENCH_ROUTES: '1' }))).toBe(503);
  });
});

describe('bench routes', () => {
  it('are not mounted outside the bench bundle, even with BENCH_ROUTES=1', async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request('http://pinlink.test/__bench/pg-groups', { method: 'POST', body: '{"size":3}' }), { ...(env as unknown as AppEnv), BENCH_ROUTES: '1' }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
  });
});

describe('error logs', () => {
  it('never carry query parameters', async () => {
    const { describeError } = await import('./app');
    const err = Object.assign(new Error('Failed query: insert into accounts values ($1)\nparams: buyer@example.test,pbkdf2-sha256$hash'), {
      cause: Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'accounts_email_uq' }),
    });
    const logged = JSON.stringify(describeError(err));
    expect(logged).not.toContain('buyer@example.test');
    expect(logged).not.toContain('pbkdf2');
    expect(logged).toContain('23505');
    expect(logged).toContain('accounts_email_uq');
  });
});
