import { Pool, neonConfig } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
import * as schema from './schema';

export type Db = ReturnType<typeof drizzle<typeof schema>>;

export interface DbEnv {
  DATABASE_URL?: string;
  /** host:port of the local WebSocket→TCP proxy; set only by the dev/test scripts. */
  LOCAL_DB_PROXY?: string;
}

export function configureDriver(env: DbEnv) {
  if (env.LOCAL_DB_PROXY) {
    const proxy = env.LOCAL_DB_PROXY;
    neonConfig.wsProxy = () => `${proxy}/v1`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
}

/** How long closing a pool waits for its connections to end (a clean end takes one round trip). */
export const POOL_END_WAIT_MS = 1_000;

/**
 * A pool for one request (or one object operation). Pools must never be shared
 * across requests in Workers: sockets belong to the request that opened them.
 */
export function openDb(env: DbEnv): { db: Db; close: () => Promise<void> } {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not configured');
  configureDriver(env);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4, connectionTimeoutMillis: 10_000 });
  let closed = false;
  // An idle connection dropped at shutdown otherwise surfaces as an unhandled error;
  // once we are closing, a lost connection is expected and not worth a log line.
  pool.on('error', (e: Error) => {
    if (!closed) console.warn('postgres pool error:', e.message);
  });
  return {
    db: drizzle(pool, { schema }),
    close: async () => {
      if (closed) return;
      closed = true;
      // pool.end() waits for every client still checked out to end, and the driver's client
      // waits for its connection's 'end' event. A connection cut while its query was in flight
      // has sent that event already, so when such a client comes back after end() was called
      // (a caller that gave up at the first of two failed reads and closed), end() never settles.
      // Its socket is closed by then: waiting longer only blocks the caller, for good.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const gaveUp = new Promise<void>((r) => (timer = setTimeout(r, POOL_END_WAIT_MS)));
      await Promise.race([pool.end().catch(() => {}), gaveUp]);
      clearTimeout(timer);
    },
  };
}

/** Run fn with a short-lived pool; used by Durable Objects and scheduled jobs. */
export async function withDb<T>(env: DbEnv, fn: (db: Db) => Promise<T>): Promise<T> {
  const { db, close } = openDb(env);
  try {
    return await fn(db);
  } finally {
    await close();
  }
}

/** Postgres unique_violation, seen through drizzle's wrapping. */
/** One round trip, for the health check. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  let cur: any = e;
  for (let i = 0; cur && i < 4; i++) {
    if (cur.code === '23505') return constraint ? cur.constraint === constraint : true;
    cur = cur.cause;
  }
  return false;
}

// Connection-level failures (SQLSTATE class 08, too many connections 53300, shutdown 57P0x)
// and the driver's own socket errors: the request did nothing wrong and may be retried.
const UNAVAILABLE_CODES = /^(08|53300|57P0[123])/;
// "not queryable": pg's client after its socket died mid-transaction (a dropped connection);
// "timeout exceeded when trying to connect": the pool's connectionTimeoutMillis ran out.
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|Network connection lost|ECONNREFUSED|ECONNRESET|too many clients|WebSocket|connection error and is not queryable|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(e: unknown): boolean {
  let cur: any = e;
  for (let i = 0; cur && i < 4; i++) {
    if (typeof cur.code === 'string' && UNAVAILABLE_CODES.test(cur.code)) return true;
    if (typeof cur.message === 'string' && UNAVAILABLE_MESSAGES.test(cur.message)) return true;
    cur = cur.cause;
  }
  return false;
}
