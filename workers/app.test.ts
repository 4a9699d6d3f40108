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

  it('bad input is still a 400 before any database work', async () => {
    const res = await callWithDeadDb('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
  });
});
