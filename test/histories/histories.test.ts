// Randomized concurrent histories with faults (issue 14). `npm test` runs HISTORIES_SHORT short
// histories; `npm run test:long` runs HISTORIES_LONG with Postgres faults, object restarts, failing
// alarms and late, duplicated and reordered webhooks. A failing history prints its seed;
// `SEED=<seed> npm run test:long` replays exactly that schedule (see README, Testing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../workers/storage/db';
import { opsToken } from '../helpers';
import { generateHistory } from './generate';
import { checkInvariants } from './invariants';
import { endOfTime, recover } from './recover';
import { appEnv, insertFixtures, newCtx, productRows, runWaves, sellerRows, withQuiet, type Ctx } from './run';

const HISTORIES_SHORT = 200;
const HISTORIES_LONG = 2000;
const long = appEnv.HISTORY_MODE === 'long';
const count = Number(appEnv.HISTORY_COUNT) || (long ? HISTORIES_LONG : HISTORIES_SHORT);
/** Histories in flight at once: they share Postgres and the Worker, never products or groups. */
const PARALLEL = 6;

function seeds(): string[] {
  if (appEnv.HISTORY_SEED) return [appEnv.HISTORY_SEED.trim()];
  const base = Math.floor(Math.random() * 1e9);
  return Array.from({ length: count }, (_, i) => (long ? `${base + i}` : `short:${base + i}`));
}

describe(`randomized concurrent histories (${appEnv.HISTORY_SEED ? `replaying ${appEnv.HISTORY_SEED}` : long ? 'long, with faults' : 'short'})`, () => {
  let conn: ReturnType<typeof openDb>;

  beforeAll(async () => {
    conn = openDb(appEnv);
    await opsToken(); // signed in once, before any fault
  });
  afterAll(async () => conn?.close());

  it('keep every invariant, and every outbox drains', async () => {
    const all = seeds().map((seed) => ({ seed, h: generateHistory(seed), tag: `h${seed.replace(/\D/g, '')}x${Math.random().toString(36).slice(2, 6)}` }));
    await insertFixtures(conn.db, {
      products: all.flatMap((x) => productRows(x.h, x.tag)),
      accounts: all.flatMap((x) => sellerRows(x.tag).accounts),
      sellers: all.flatMap((x) => sellerRows(x.tag).sellers),
    });
    const failures: string[] = [];
    let next = 0;
    const started = Date.now();
    const stats = { orders: 0, events: 0, ops: 0 };
    const phases: Record<string, number> = {};
    async function worker() {
      // Short mode stops at the first failure; long mode runs on (up to 20 reports) to show them all.
      while (next < all.length && failures.length < (long ? 20 : 1)) {
        const { seed, h, tag } = all[next++]!;
        if (next % 250 === 0) console.log(`histories: ${next} started, ${failures.length} failed, ${Date.now() - started} ms`);
        let c: Ctx | undefined;
        try {
          let t = Date.now();
          const lap = (k: string) => {
            phases[k] = (phases[k] ?? 0) + Date.now() - t;
            t = Date.now();
          };
          c = await newCtx(h, tag, conn.db);
          lap('setup');
          await runWaves(c);
          lap('waves');
          const bad = await withQuiet(async () => {
            // A pool of its own, opened after the faults: connections a fault cut are not reused.
            const fresh = openDb(appEnv);
            c!.db = fresh.db;
            try {
              await recover(c!, { clientRetries: true });
              lap('recover');
              const mid = await checkInvariants(c!, { final: false });
              lap('check');
              // Short mode settles every other history to the end of time (half the cost of the rest).
              let end: string[] = [];
              if (long || h.settleToEnd) {
                await endOfTime(c!);
                lap('endOfTime');
                end = await checkInvariants(c!, { final: true });
                lap('check');
              }
              return [...c!.unexpected, ...mid.map((m) => `after recovery: ${m}`), ...end.map((m) => `at the end: ${m}`)];
            } finally {
              await fresh.close();
            }
          });
          stats.orders += c.orders.length;
          stats.events += c.events.length;
          stats.ops += h.waves.flat().length;
          if (bad.length) failures.push(report(seed, h, bad));
        } catch (e) {
          failures.push(report(seed, h, [`threw: ${(e as Error)?.stack ?? e}`]));
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL, all.length) }, worker));
    console.log(`histories: ${next} run (${appEnv.HISTORY_SEED ? 'replay' : long ? 'long' : 'short'}), ${stats.ops} operations, ${stats.orders} orders, ${stats.events} webhook events, ${Date.now() - started} ms; time by phase ${JSON.stringify(phases)}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});

function report(seed: string, h: ReturnType<typeof generateHistory>, bad: string[]) {
  const schedule = h.waves.map((w, i) => `  wave ${i + 1}: ${w.map((op) => JSON.stringify(op)).join(' ')}`).join('\n');
  return `History ${seed} broke an invariant. Replay it with:\n  SEED=${seed} npm run test:long\n${bad.map((b) => `- ${b}`).join('\n')}\nschedule:\n${schedule}`;
}
