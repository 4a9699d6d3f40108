import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../env';
import { isDatabaseUnavailable, openDb } from './db';

// A proxy to the test Postgres whose faults reach only this file's connections (test/fault-proxy.ts).
const faultEnv = env as unknown as AppEnv & { TEST_FAULT_PROXY: string; TEST_FAULT_CONTROL: string };
const TAG = 'db-close';
const fault = async (action: string, query = '') => {
  const r = await fetch(`${faultEnv.TEST_FAULT_CONTROL}/${action}?tag=${TAG}${query}`);
  return (await r.json()) as { held: number };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true, () => true), sleep(ms).then(() => false)]);

// drizzle wraps the driver's error: "Failed query" with the connection error as its cause.
const wrapped = (message: string) => new Error('Failed query (parameters withheld)', { cause: new Error(message) });

describe('isDatabaseUnavailable', () => {
  it('knows a connection dropped mid-transaction (found by the history tests: it answered 500)', () => {
    expect(isDatabaseUnavailable(wrapped('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('knows the other connection-level failures', () => {
    // The pool's connect timeout, also found by the histories (a payout during an outage).
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const m of ['Connection terminated unexpectedly', 'Network connection lost.', 'connect ECONNREFUSED 127.0.0.1:9']) expect(isDatabaseUnavailable(wrapped(m))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
  });

  it('does not excuse bugs or bad data', () => {
    expect(isDatabaseUnavailable(wrapped('duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });
});

describe('closing a pool', () => {
  afterEach(() => fault('up'));

  it('settles when the connections of queries still in flight are cut (found by the history tests: a group alarm hung for good)', async () => {
    const { db, close } = openDb({ ...faultEnv, LOCAL_DB_PROXY: `${faultEnv.TEST_FAULT_PROXY}/t/${TAG}` });
    await fault('hold', '&match=pg_sleep');
    // Two reads side by side, as findOrderRecord makes them: each on its own connection.
    let closing: Promise<void> | undefined;
    const both = Promise.all([db.execute(sql`select pg_sleep(0)`), db.execute(sql`select pg_sleep(0)`)]).then(
      () => 'answered',
      () => {
        // The caller gives up at the first failure and closes its pool while the other read is still out.
        closing = close();
        return 'failed';
      },
    );
    for (let i = 0; i < 100 && (await fault('status')).held < 2; i++) await sleep(20);
    expect((await fault('status')).held).toBe(2);
    await fault('drop');
    expect(await both).toBe('failed');
    expect(await settlesWithin(closing!, 5_000)).toBe(true);
  });
});
