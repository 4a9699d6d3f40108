// Units moved between Stock objects for a flash sale: its quantity set aside from the product's
// (or variant's) objects when it is made, and its unsold units given back when it ends. Every
// step is keyed by a ref on the object it touches, so a retried step moves nothing twice.
import { forgetSoldOut, keyOf, shardCountOf, stub, type StockEnv, type StockRef } from './stock';

const ALL = Number.MAX_SAFE_INTEGER;

/**
 * Takes `qty` out of what the product (or variant) has available, over its shards, or nothing:
 * when the shards together have fewer, what was taken goes back and the answer is false.
 */
export async function setAsideStock(env: StockEnv, from: StockRef, ref: string, qty: number): Promise<boolean> {
  const shards = await shardCountOf(env, from);
  const taken: { shard: number; qty: number }[] = [];
  let need = qty;
  for (let shard = 0; shard < shards && need > 0; shard++) {
    const key = keyOf(from, shard, shards);
    const r = await stub(env, key).setAside(key, `${ref}:${shard}`, need, true);
    if (r.taken > 0) taken.push({ shard, qty: r.taken });
    need -= r.taken;
  }
  if (need <= 0) return true;
  await giveBackAside(env, from, ref, taken);
  return false;
}

/** Undoes setAsideStock for a creation that did not go through (keyed, so a repeat gives nothing twice). */
export async function undoSetAside(env: StockEnv, from: StockRef, ref: string): Promise<void> {
  const shards = await shardCountOf(env, from);
  const taken: { shard: number; qty: number }[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const key = keyOf(from, shard, shards);
    // Asking again with the same ref answers what that ref took, and takes nothing new.
    const r = await stub(env, key).setAside(key, `${ref}:${shard}`, 0, true);
    if (r.taken > 0) taken.push({ shard, qty: r.taken });
  }
  await giveBackAside(env, from, ref, taken);
}

async function giveBackAside(env: StockEnv, to: StockRef, ref: string, taken: { shard: number; qty: number }[]): Promise<void> {
  const shards = await shardCountOf(env, to);
  for (const t of taken) {
    const key = keyOf(to, t.shard, shards);
    await stub(env, key).restock(key, `${ref}:${t.shard}:undo`, t.qty);
  }
  forgetSoldOut(to);
}

/**
 * One pass of giving an ended sale's unsold units back: whatever is free on the sale's object
 * (`from`, which then sells nothing more) goes to the product's shard 0. `heldUntil` is when the
 * last hold still open there lapses (0: none left, the sale is settled).
 */
export async function returnFreeUnits(env: StockEnv, from: StockRef, to: StockRef, ref: string, seq: number): Promise<{ taken: number; heldUntil: number }> {
  const fromKey = keyOf(from, 0, 1);
  const r = await stub(env, fromKey).setAside(fromKey, `close:${seq}`, ALL, true);
  if (r.taken > 0) {
    const toKey = keyOf(to, 0, await shardCountOf(env, to));
    await stub(env, toKey).restock(toKey, `${ref}:return:${seq}`, r.taken);
    forgetSoldOut(to);
  }
  return r;
}
