import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isObjectUnavailable } from './errors';

describe('isObjectUnavailable', () => {
  it('recognises the error a caller gets while its object restarts (found by the history tests: it answered 500)', async () => {
    const key = { productId: 'p_resetprobe01', shard: 0, shards: 1 };
    const id = env.STOCK.idFromName(`${key.productId}:0`);
    await env.STOCK.get(id).available(key);
    // The handler is attached at once: the call may reject while the abort below is awaited.
    const inFlight = env.STOCK.get(id).available(key).then(() => undefined, (e: unknown) => e);
    await runInDurableObject(env.STOCK.get(id), (_inst: unknown, state: DurableObjectState) => state.abort('restart')).catch(() => {});
    const err = await inFlight;
    // Whether the call finished first is up to the runtime; when it did not, the error must be recognised.
    if (err !== undefined) expect(isObjectUnavailable(err)).toBe(true);
    // A fresh stub reaches the restarted object with its storage.
    expect(await env.STOCK.get(id).available(key)).toBe(0);
  });

  it('does not excuse our own bugs', () => {
    expect(isObjectUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isObjectUnavailable(Object.assign(new Error('x'), { retryable: false }))).toBe(false);
    expect(isObjectUnavailable(null)).toBe(false);
    expect(isObjectUnavailable(Object.assign(new Error('x'), { overloaded: true }))).toBe(true);
  });
});
