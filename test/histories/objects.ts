// Reaching the history's Durable Objects from the test: their clocks, alarms, restarts and
// injected effect failures. Only seams the objects expose for tests are used (`now`, `runItem`).
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import type { GroupBuy } from '../../workers/objects/group-buy';
import type { Stock } from '../../workers/objects/stock';
import { runGroupItem } from '../../workers/services/orders/group-effects';

export const stockStub = (productId: string) => env.STOCK.get(env.STOCK.idFromName(`${productId}:0`));
export const groupStub = (groupId: string) => env.GROUP_BUY.get(env.GROUP_BUY.idFromName(groupId));

type AnyStub = ReturnType<typeof stockStub> | ReturnType<typeof groupStub>;
/** Makes a fresh stub: one that saw its object restart stays broken, as in production. */
export type StubRef = () => AnyStub;
export const stockRef = (productId: string): StubRef => () => stockStub(productId);
export const groupRef = (groupId: string): StubRef => () => groupStub(groupId);

/** Moves an object's clock `offsetMs` ahead of real time (it stays there until a restart). */
export async function setClock(ref: StubRef, offsetMs: number): Promise<void> {
  await afterRestart(() => runInDurableObject(ref() as DurableObjectStub<Stock>, (inst: Stock | GroupBuy) => {
    inst.now = () => Date.now() + offsetMs;
  }));
}

/** Runs the object's alarm now if one is set, as the platform would; a throwing alarm is retried, like the platform's redelivery. */
export async function runAlarm(ref: StubRef): Promise<void> {
  await afterRestart(() => runDurableObjectAlarm(ref() as DurableObjectStub<Stock>));
}

/**
 * The runtime restarts the object: `ctx.abort()` throws away the instance (its in-memory state,
 * seams and in-flight work); the next call builds a new one over the same durable storage.
 */
export async function restartObject(stub: AnyStub): Promise<void> {
  await runInDurableObject(stub as DurableObjectStub<Stock>, (_inst: unknown, state: DurableObjectState) => {
    state.abort('history test: runtime restart');
  }).catch(() => {});
}

/**
 * The platform's side of a call into an object: while the object restarts, or resets because
 * its first Postgres read failed during an outage, the call fails and is made again (alarms are
 * retried until they succeed). Each attempt gets a fresh stub from `fn`.
 */
export async function afterRestart<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 40 || !/runtime restart|broken|Failed query|connect|Connection|WebSocket/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** The group's next `n` outbox effects fail (Postgres, Stock or provider errors look like this to it). */
export async function failGroupEffects(groupId: string, n: number): Promise<void> {
  await afterRestart(() => runInDurableObject(groupStub(groupId), (inst: GroupBuy) => {
    let left = n;
    inst.runItem = async (...args) => {
      if (left-- > 0) throw new Error('injected effect failure');
      return runGroupItem(...args);
    };
  }));
}

export interface StockView {
  total: number;
  reservations: Map<string, { qty: number; state: 'held' | 'committed' | 'released' }>;
  cancelOutbox: number;
  /** Units after-sales put back on sale. */
  restocked: number;
}

export async function readStock(productId: string): Promise<StockView | null> {
  return runInDurableObject(stockStub(productId), (_inst: Stock, state: DurableObjectState) => {
    const sql = state.storage.sql;
    const s = sql.exec<{ total: number; base_committed: number }>('SELECT total, base_committed FROM stock_state WHERE id = 1').toArray()[0];
    if (!s) return null;
    const reservations = new Map(
      sql
        .exec<{ order_id: string; qty: number; state: 'held' | 'committed' | 'released' }>('SELECT order_id, qty, state FROM reservations')
        .toArray()
        .map((r) => [r.order_id, { qty: r.qty, state: r.state }] as const),
    );
    const cancelOutbox = sql.exec<{ n: number }>('SELECT count(*) AS n FROM cancel_outbox').one().n;
    // Units after-sales put back on sale come off base_committed; counted apart here.
    const restocked = sql.exec<{ n: number }>('SELECT coalesce(sum(qty), 0) AS n FROM restocks').one().n;
    return { total: s.total - s.base_committed - restocked, reservations, cancelOutbox, restocked };
  });
}

export const readGroup = (groupId: string) => groupStub(groupId).opsView();
