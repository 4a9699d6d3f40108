// Suspending a seller ends their sessions even when the session store fails on the first try:
// the suspension does not commit without the revocation, so ops' retry does both.
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { setSellerSuspension } from '../../workers/services/ops/sellers';
import { openDb } from '../../workers/storage/db';
import { callJson, signupSeller } from '../helpers';

const base = env as unknown as AppEnv;
const pool = openDb(base);
afterAll(async () => {
  await pool.close();
  await new Promise((r) => setTimeout(r, 200));
});

/** The same deployment with its SessionGuard objects unreachable (an outage of the object's region). */
const guardDown = {
  ...base,
  SESSION_GUARD: {
    idFromName: (name: string) => base.SESSION_GUARD.idFromName(name),
    get: () => ({ revokeAll: async () => Promise.reject(new Error('SessionGuard unreachable')) }),
  },
} as unknown as AppEnv;

describe('suspending a seller', () => {
  it('a revocation that fails leaves the seller unsuspended, and the retry ends their sessions', async () => {
    const s = await signupSeller();
    expect((await callJson('/api/me/stats', { token: s.token })).status).toBe(200);
    await expect(setSellerSuspension(guardDown, pool.db, 'ops', s.id, true)).rejects.toThrow();
    expect(await setSellerSuspension(base, pool.db, 'ops', s.id, true)).toBe(true);
    expect((await callJson('/api/me/stats', { token: s.token })).status).toBe(401);
  });
});
