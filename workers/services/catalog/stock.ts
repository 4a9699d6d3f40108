// Verbs over the Stock objects: which shard to ask, and keeping multi-product orders all-or-nothing.
import { ApiError } from '../../../shared/errors';
import { parseShardCount, shardOrder } from '../../../shared/catalog/stock';
import type { AppEnv } from '../../env';
import type { HoldResult, StockKey } from '../../objects/stock';

export interface StockLine {
  productId: string;
  /** Set for a product with options; its units live on the variant's own objects. */
  variantId?: string | null;
  quantity: number;
  shard: number;
}

/**
 * Whose units: a product sold as its default variant (a bare product id, as before variants), or
 * one variant of a product with options. Each has its own Stock objects, `<id>:<shard>` with the
 * variant's id in place of the product's, so a burst on one variant never queues behind another.
 */
export type StockRef = string | { productId: string; variantId?: string | null };

const unitOf = (ref: StockRef) => (typeof ref === 'string' ? { productId: ref, variantId: null } : { productId: ref.productId, variantId: ref.variantId ?? null });
const nameOf = (ref: StockRef) => {
  const u = unitOf(ref);
  return u.variantId ?? u.productId;
};

export type StockEnv = Pick<AppEnv, 'STOCK' | 'STOCK_SHARDS'>;

export function stub(env: StockEnv, key: StockKey) {
  return env.STOCK.get(env.STOCK.idFromName(`${key.variantId ?? key.productId}:${key.shard}`));
}

// A product's layout never changes once its shard 0 exists, so an isolate may keep it forever.
const layouts = new Map<string, number>();
const LAYOUT_MEMO_MAX = 10_000;

/** The product's shard count, as fixed by its shard-0 object at first use (STOCK_SHARDS then). */
export async function shardCountOf(env: StockEnv, ref: StockRef): Promise<number> {
  const name = nameOf(ref);
  const known = layouts.get(name);
  if (known !== undefined) return known;
  const first: StockKey = { ...unitOf(ref), shard: 0, shards: parseShardCount(env.STOCK_SHARDS) };
  const shards = await stub(env, first).layout(first);
  if (layouts.size >= LAYOUT_MEMO_MAX) layouts.clear();
  layouts.set(name, shards);
  return shards;
}

export const keyOf = (ref: StockRef, shard: number, shards: number): StockKey => ({ ...unitOf(ref), shard, shards });

/** Where an order's walk over the shards starts: fixed by the order id, so a retry asks the same shards first. */
export function startShard(orderId: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < orderId.length; i++) h = (Math.imul(h, 31) + orderId.charCodeAt(i)) >>> 0;
  return h % shards;
}

export type PriorHold = Extract<HoldResult, { kind: 'existing' }>;

// A product whose every shard said "sold out" is remembered by the isolate for SOLD_OUT_MEMO_MS,
// with the orders that do hold its units. A new buyer in that window is refused without even an
// object call; an order that holds units (a retry, a replay) still asks its object. The cost is
// that a unit coming back (an expiry, an ops restock elsewhere) is offered up to that much later.
export const SOLD_OUT_MEMO_MS = 1_000;
const soldOut = new Map<string, { at: number; holders: Set<string> }>();

function knownSoldOut(ref: StockRef, orderId: string): boolean {
  const m = soldOut.get(nameOf(ref));
  if (!m) return false;
  if (Date.now() - m.at >= SOLD_OUT_MEMO_MS) {
    soldOut.delete(nameOf(ref));
    return false;
  }
  return !m.holders.has(orderId);
}

/** Refuses a new order at once when one of its products was just seen sold out by this isolate. */
export function assertNotKnownSoldOut(orderId: string, lines: { productId: string; variantId?: string | null }[]): void {
  const gone = lines.find((l) => knownSoldOut(l, orderId));
  if (gone) throw outOfStock(gone);
}

const outOfStock = (l: { productId: string; variantId?: string | null }) =>
  new ApiError('out_of_stock', l.variantId ? `Not enough stock for variant ${l.variantId} of product ${l.productId}.` : `Not enough stock for product ${l.productId}.`);

/** Units may be free again (a release or an ops change through this isolate): ask the objects. */
export const forgetSoldOut = (ref: StockRef) => soldOut.delete(nameOf(ref));

/**
 * Order creation's reservation, answered by the Stock objects alone. Either every line is held
 * (`prior` then says what an earlier attempt of the same order left on the first line: its
 * expiry, request hash and, once created, its response; `fresh` lists the lines this call took),
 * or nothing is and out_of_stock is thrown. A first line that already holds a stored response
 * returns at once: that is a replay. A line held by an earlier attempt with another body is a
 * mismatched retry: the lines this call took are dropped again and it answers 422.
 */
export async function holdStock(
  env: StockEnv,
  orderId: string,
  lines: { productId: string; variantId?: string | null; quantity: number }[],
  expiresAt: number,
  requestHash: string,
): Promise<{ lines: StockLine[]; fresh: StockLine[]; prior?: PriorHold }> {
  const fresh: StockLine[] = [];
  try {
    return await holdLines(env, orderId, lines, expiresAt, requestHash, fresh);
  } catch (e) {
    // An object that failed under a later line (503): the lines taken so far go back, or a
    // mismatched retry would leave them held under the real order's id.
    if (!(e instanceof ApiError) && fresh.length) {
      await dropStock(env, orderId, fresh, requestHash).catch((err) =>
        console.warn(JSON.stringify({ level: 'warn', msg: 'stock: holds of a failed attempt not given back; they lapse', orderId, error: String(err) })),
      );
    }
    throw e;
  }
}

async function holdLines(
  env: StockEnv,
  orderId: string,
  lines: { productId: string; quantity: number }[],
  expiresAt: number,
  requestHash: string,
  fresh: StockLine[],
): Promise<{ lines: StockLine[]; fresh: StockLine[]; prior?: PriorHold }> {
  const held: StockLine[] = [];
  let prior: PriorHold | undefined;
  for (const [i, line] of lines.entries()) {
    let got: number | undefined;
    if (knownSoldOut(line, orderId)) {
      await releaseStock(env, orderId, fresh);
      throw outOfStock(line);
    }
    const shards = await shardCountOf(env, line);
    const holders: string[] = [];
    let empty = true;
    const first = startShard(orderId, shards);
    for (const tried of shardOrder(shards, first)) {
      let shard = tried;
      let key = keyOf(line, shard, shards);
      let r = await stub(env, key).hold(key, orderId, line.quantity, expiresAt, requestHash);
      if (r.kind === 'elsewhere') {
        // An earlier attempt holds this line on another shard: that hold is this order's.
        shard = r.shard;
        key = keyOf(line, shard, shards);
        r = await stub(env, key).hold(key, orderId, line.quantity, expiresAt, requestHash);
      } else if (r.kind === 'held' && shard !== first) {
        // Held away from the first shard, which every attempt asks first: it records where, and
        // of two attempts holding at once, the one it names keeps the units.
        const home = keyOf(line, first, shards);
        const owner = await stub(env, home).place(orderId, shard, expiresAt);
        if (owner !== shard) {
          await stub(env, key).drop(orderId, requestHash);
          shard = owner;
          key = keyOf(line, shard, shards);
          r = await stub(env, key).hold(key, orderId, line.quantity, expiresAt, requestHash);
        }
      }
      if (r.kind === 'out_of_stock' || r.kind === 'elsewhere') {
        if (r.kind === 'out_of_stock') {
          if (r.available > 0) empty = false;
          holders.push(...r.holders);
        }
        continue;
      }
      got = shard;
      if (r.kind === 'existing') {
        if (r.requestHash !== null && r.requestHash !== requestHash) {
          await dropStock(env, orderId, fresh, requestHash);
          throw idempotencyMismatch();
        }
        if (i === 0) {
          prior = r;
          if (r.response !== null) return { lines: [{ ...line, shard }], fresh, prior };
        }
      }
      if (r.kind === 'held') fresh.push({ ...line, shard });
      break;
    }
    if (got === undefined) {
      if (empty) soldOut.set(nameOf(line), { at: Date.now(), holders: new Set(holders) });
      await releaseStock(env, orderId, fresh);
      throw outOfStock(line);
    }
    held.push({ ...line, shard: got });
  }
  return { lines: held, fresh, prior };
}

export const idempotencyMismatch = () => new ApiError('idempotency_mismatch', 'This Idempotency-Key was used with a different request body.');

/** Takes back holds this attempt made, leaving no reservation behind (see Stock.drop). */
export async function dropStock(env: StockEnv, orderId: string, lines: StockLine[], requestHash: string): Promise<void> {
  await Promise.all(
    lines.map(async (line) => {
      forgetSoldOut(line);
      const key = keyOf(line, line.shard, await shardCountOf(env, line));
      return stub(env, key).drop(orderId, requestHash);
    }),
  );
}

/** The created order's 201 body, kept beside the first line's reservation for replays. */
export async function rememberOrderResponse(env: StockEnv, orderId: string, line: StockLine, response: string): Promise<void> {
  const key = keyOf(line, line.shard, await shardCountOf(env, line));
  await stub(env, key).rememberResponse(orderId, response);
}

/** Payment arrived. False when a line could not be honoured (its units went elsewhere); nothing stays committed then. */
export async function commitStock(env: StockEnv, orderId: string, lines: StockLine[]): Promise<boolean> {
  for (const line of lines) {
    const key = keyOf(line, line.shard, await shardCountOf(env, line));
    const r = await stub(env, key).commit(key, orderId, line.quantity);
    if (!r.ok) {
      await releaseStock(env, orderId, lines, { includeCommitted: true });
      return false;
    }
  }
  return true;
}

export async function releaseStock(env: StockEnv, orderId: string, lines: StockLine[], opts: { includeCommitted?: boolean } = {}): Promise<void> {
  await Promise.all(
    lines.map(async (line) => {
      forgetSoldOut(line);
      const key = keyOf(line, line.shard, await shardCountOf(env, line));
      return stub(env, key).release(key, orderId, opts);
    }),
  );
}

/** An after-sale's units back on sale, each line on the shard it was sold from; keyed on `ref`, so never twice. */
export async function restockUnits(env: StockEnv, ref: string, lines: StockLine[]): Promise<void> {
  for (const line of lines) {
    forgetSoldOut(line);
    const key = keyOf(line, line.shard, await shardCountOf(env, line));
    await stub(env, key).restock(key, `${ref}:${line.productId}`, line.quantity);
  }
}

/** Units still free across all shards of a product (sold as its default variant) or of one variant. */
export async function availableStock(env: StockEnv, ref: StockRef): Promise<number> {
  const shards = await shardCountOf(env, ref);
  const counts = await Promise.all(
    Array.from({ length: shards }, (_, shard) => {
      const key = keyOf(ref, shard, shards);
      return stub(env, key).available(key);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Ops changed the total on sale (products.stock, or a variant's stock); every shard takes its share. */
export async function syncStockTotal(env: StockEnv, ref: StockRef, total: number, version: number): Promise<void> {
  forgetSoldOut(ref);
  const shards = await shardCountOf(env, ref);
  await Promise.all(
    Array.from({ length: shards }, (_, shard) => {
      const key = keyOf(ref, shard, shards);
      return stub(env, key).setTotal(key, total, version);
    }),
  );
}
