// Bargains (砍价) in the histories: owners open bargains on the history's bargain product, helpers
// cut them at once, owners buy at the floor; and the invariant that every bargain's cuts sum
// exactly (to start − floor once it succeeded), each at least 1 fen, leaving 1 fen per help to
// come, with the price never below the floor and Postgres holding what the object granted.
// Typed by the parts of a history they use, so run.ts and generate.ts can use them without a cycle.
import { inArray } from 'drizzle-orm';
import { issueBuyerSession } from '../../../workers/services/identity/sessions';
import { bargainStub } from '../../../workers/services/promotions/bargains';
import type { Db } from '../../../workers/storage/db';
import { bargainCuts, bargains, products } from '../../../workers/storage/schema';
import type { AppEnv } from '../../../workers/env';
import { orderBody, placeOrder } from '../../checkout-helpers';
import { callJson } from '../../helpers';
import { prng } from '../../storage-helpers';

export type BargainOp =
  /** One of three owners opens a bargain on the history's bargain product (409 while theirs is open). */
  | { t: 'bOpen'; o: number }
  /** A burst of helpers (some repeated) cut one of the history's bargains at once. */
  | { t: 'bHelp'; i: number; helpers: number[] }
  /** The owner orders one of their bargains at the floor, and pays. */
  | { t: 'bBuy'; i: number };

interface HistoryParts {
  h: { allow503: boolean };
  tag: string;
  db: Db;
}
type Deliver<C> = (c: C, ev: { raw: { id: string; type: string; orderId: string; amount: { amount: number; currency: string } }; settled: boolean }) => Promise<number>;
type Expect<C> = (c: C, what: string, status: number, allowed: number[]) => void;

/** Each history's bargains, by its tag (kept here so the history's context needs no new field). */
const opened = new Map<string, { id: string; owner: string }[]>();
export const bargainsOf = (tag: string) => opened.get(tag) ?? [];

/** The history's bargain product: its own, so the order invariants of the others stay as they are. */
export function bargainProductRow(tag: string): typeof products.$inferInsert {
  return {
    id: `p_${tag}e`,
    title: `bargain ${tag}`,
    description: 'history',
    category: 'History',
    images: ['/img/tea/Test.svg'],
    level1Bps: 1000,
    level2Bps: 300,
    priceAmount: 3000,
    stock: 5,
    bargain: { floorPriceAmount: 2990, helpersNeeded: 3, durationHours: 1 },
  };
}

/** From a stream of their own, appended at the waves' ends, so older seeds keep their schedules. */
export function addBargainOps<O>(n: number, waves: (O | BargainOp)[][]): void {
  const r = prng(n ^ 0x7f4a7c15);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  for (const [w, wave] of waves.entries()) {
    const k = w === 0 ? 1 : int(0, 2);
    for (let i = 0; i < k; i++) {
      const x = w === 0 ? 0 : r();
      wave.push(x < 0.35 ? { t: 'bOpen', o: int(0, 2) } : x < 0.8 ? { t: 'bHelp', i: int(0, 1000), helpers: Array.from({ length: int(1, 6) }, () => int(0, 7)) } : { t: 'bBuy', i: int(0, 1000) });
    }
  }
}

const tokens = new Map<string, Promise<string>>();
const tokenOf = (env: AppEnv, email: string) => {
  let t = tokens.get(email);
  if (!t) tokens.set(email, (t = issueBuyerSession(env, email)));
  return t;
};

export async function runBargainOp<C extends HistoryParts>(c: C, op: BargainOp, env: AppEnv, deliver: Deliver<C>, expectStatus: Expect<C>): Promise<void> {
  const mine = opened.get(c.tag) ?? [];
  opened.set(c.tag, mine);
  if (op.t === 'bOpen') {
    const owner = `bo${op.o}-${c.tag}@example.test`;
    const r = await callJson('/api/bargains', { token: await tokenOf(env, owner), body: { productId: `p_${c.tag}e` } });
    expectStatus(c, 'bargain open', r.status, [201, 409]);
    if (r.status === 201) mine.push({ id: r.body.bargain.id, owner });
    return;
  }
  const b = mine.length ? mine[op.i % mine.length] : undefined;
  if (!b) return;
  if (op.t === 'bHelp') {
    const answers = await Promise.all(
      op.helpers.map(async (h) => (await callJson(`/api/bargains/${b.id}/help`, { token: await tokenOf(env, `bh${h}-${c.tag}@example.test`), method: 'POST' })).status),
    );
    for (const s of answers) expectStatus(c, 'bargain help', s, [201, 409]);
    return;
  }
  const body = orderBody([{ productId: `p_${c.tag}e`, quantity: 1 }], { bargain: b.id });
  body.buyer.email = b.owner;
  const r = await placeOrder(body, `kb-${c.tag}-${b.id}-${op.i}`);
  // 409: not succeeded yet, bought already, or sold out; 429: the owner's unpaid orders.
  expectStatus(c, 'bargain buy', r.status, [201, 409, 429]);
  if (r.status !== 201) return;
  if (r.body.order.total.amount !== 2990) expectStatus(c, `bargain order total ${r.body.order.total.amount}`, 0, []);
  await deliver(c, { raw: { id: `evt_${c.tag}_b${b.id}_${op.i}`, type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total }, settled: false });
}

/** Every bargain of the history, from its object and from Postgres. */
export async function checkBargains(c: HistoryParts, env: AppEnv): Promise<string[]> {
  const bad: string[] = [];
  const mine = bargainsOf(c.tag);
  if (!mine.length) return bad;
  const ids = mine.map((b) => b.id);
  const rows = await c.db.select().from(bargains).where(inArray(bargains.id, ids));
  const cuts = await c.db.select().from(bargainCuts).where(inArray(bargainCuts.bargainId, ids));
  for (const { id } of mine) {
    const v = await bargainStub(env, id).view();
    if (!v) {
      bad.push(`bargain ${id}: its object holds nothing`);
      continue;
    }
    const span = v.startPrice.amount - v.floorPrice.amount;
    const sum = v.cuts.reduce((s, x) => s + x.amount.amount, 0);
    if (v.cuts.some((x) => !Number.isInteger(x.amount.amount) || x.amount.amount < 1)) bad.push(`bargain ${id}: a cut below 0.01`);
    if (v.price.amount !== v.startPrice.amount - sum) bad.push(`bargain ${id}: price ${v.price.amount} is not start less the cuts (${sum})`);
    if (v.price.amount < v.floorPrice.amount) bad.push(`bargain ${id}: price ${v.price.amount} below the floor ${v.floorPrice.amount}`);
    if (v.cuts.length > v.helpersNeeded) bad.push(`bargain ${id}: ${v.cuts.length} cuts for ${v.helpersNeeded} helpers`);
    if (['succeeded', 'purchased'].includes(v.status) && (sum !== span || v.cuts.length !== v.helpersNeeded)) bad.push(`bargain ${id}: ${v.status} with cuts summing to ${sum} of ${span}`);
    if (v.status === 'open' && span - sum < v.helpersNeeded - v.cuts.length) bad.push(`bargain ${id}: ${span - sum} fen left for ${v.helpersNeeded - v.cuts.length} helps`);
    // Postgres holds what the object granted (its write lands before the helper's answer).
    const pg = cuts.filter((x) => x.bargainId === id).sort((a, b) => a.seq - b.seq);
    const row = rows.find((r) => r.id === id);
    if (!row) bad.push(`bargain ${id}: no Postgres row`);
    else if (row.status !== v.status) bad.push(`bargain ${id}: Postgres says ${row.status}, the object ${v.status}`);
    if (pg.length !== v.cuts.length || pg.some((x, i) => x.amount !== v.cuts[i]!.amount.amount)) bad.push(`bargain ${id}: Postgres has ${pg.length} cuts, the object ${v.cuts.length}`);
  }
  return bad;
}
