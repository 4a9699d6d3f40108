// Coupons in the histories: three buyers claim the history's coupon in bursts (its object decides),
// order the plain product with their claims (sometimes two orders with one claim at once), pay,
// fail, and are refunded by ops. The invariants: a claim is used by at most one paid order, its
// state agrees with its orders, nobody holds more than the limit, and the money adds up.
// Typed by the parts of a history they use, so run.ts and generate.ts use them without a cycle.
import { env } from 'cloudflare:test';
import { inArray } from 'drizzle-orm';
import type { AppEnv } from '../../../workers/env';
import { signToken } from '../../../workers/services/identity/tokens';
import { couponStub } from '../../../workers/services/promotions/coupons';
import type { Db } from '../../../workers/storage/db';
import { buyerCoupons, orderItems, orders } from '../../../workers/storage/schema';
import { TEST_BINDINGS } from '../../bindings';
import { orderBody, placeOrder, sendTestEvent } from '../../checkout-helpers';
import { callJson, opsToken } from '../../helpers';
import { prng } from '../../storage-helpers';

export type CouponOp =
  /** `n` claims at once by one of the history's three coupon buyers. */
  | { t: 'cclaim'; b: number; n: number }
  /** An order of the plain product with one of the claims; `twice`: a second order with the same claim at once. */
  | { t: 'corder'; k: number; qty: number; twice: boolean }
  /** The payment of a coupon order succeeds or fails. */
  | { t: 'cpay'; i: number; fail: boolean }
  /** Ops refund a coupon order in full (only a paid one can be). */
  | { t: 'crefund'; i: number };

const TOTAL = 4;
const PER_BUYER = 2;
const OFF = 500;

/** Appended to the waves from a stream of their own, so the ops an old seed recorded keep their order and draws. */
export function addCouponOps<O>(n: number, waves: (O | CouponOp)[][]): void {
  const r = prng(n ^ 0x1b873593);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  for (const [w, wave] of waves.entries()) {
    // Claims first; later waves mostly order, pay and refund (the plain product's stock is small).
    const count = w === 0 ? int(1, 2) : int(1, 3);
    for (let i = 0; i < count; i++) {
      const x = r();
      wave.push(
        w === 0 || x < 0.15
          ? { t: 'cclaim', b: int(0, 2), n: int(1, 3) }
          : x < 0.6
            ? { t: 'corder', k: int(0, 1000), qty: 1, twice: r() < 0.4 }
            : x < 0.9
              ? { t: 'cpay', i: int(0, 1000), fail: r() < 0.25 }
              : { t: 'crefund', i: int(0, 1000) },
      );
    }
  }
}

type Key = { key: string; body: ReturnType<typeof orderBody>; answers: { status: number; orderId?: string }[] };
interface CouponParts {
  h: { allow503: boolean };
  tag: string;
  db: Db;
  products: readonly [{ id: string }, ...{ id: string }[]];
  unexpected: string[];
}
interface Helpers<C> {
  step: <T>(c: C, what: string, fn: () => Promise<T>) => Promise<T>;
  expectStatus: (c: C, what: string, status: number, allowed: number[]) => void;
}
interface CouponState {
  coupon?: Promise<string | undefined>;
  claims: { id: string; email: string }[];
  keys: Key[];
  orders: { id: string; total: { amount: number; currency: string } }[];
}

// Kept beside the history's context rather than in it: run.ts's Ctx needs no coupon fields.
const states = new WeakMap<object, CouponState>();
const stateOf = (c: object): CouponState => {
  let s = states.get(c);
  if (!s) states.set(c, (s = { claims: [], keys: [], orders: [] }));
  return s;
};
const at = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
const emailOf = (c: CouponParts, b: number) => `${c.tag}-coupon${b}@history.test`;
const tokenOf = (email: string) => signToken(TEST_BINDINGS.JWT_KEYS, 'buyer', { sub: email, jti: `c${Math.random().toString(36).slice(2, 12)}` }, 3600);

/** The coupon orders' idempotency keys, for the one-order-per-key invariant. */
export const couponKeys = (c: object): Key[] => states.get(c)?.keys ?? [];

/** The history's coupon, made by ops on first use (again later if Postgres was down then). */
function couponOf(c: CouponParts): Promise<string | undefined> {
  const s = stateOf(c);
  s.coupon ??= (async () => {
    const r = await callJson('/api/ops/coupons', {
      token: await opsToken(),
      body: {
        title: `history ${c.tag}`,
        discount: { kind: 'amount', amount: { amount: OFF, currency: 'CNY' } },
        minSpend: { amount: 0, currency: 'CNY' },
        scope: { kind: 'products', productIds: [c.products[0].id] },
        totalCount: TOTAL,
        perBuyerLimit: PER_BUYER,
        validity: { kind: 'after_claim', days: 7 },
      },
    });
    if (r.status === 201) return r.body.coupon.id as string;
    s.coupon = undefined;
    if (!(c.h.allow503 && r.status === 503)) c.unexpected.push(`coupon creation answered ${r.status}`);
    return undefined;
  })();
  return s.coupon;
}

export async function runCouponOp<C extends CouponParts>(c: C, op: CouponOp, { step, expectStatus }: Helpers<C>): Promise<void> {
  const s = stateOf(c);
  switch (op.t) {
    case 'cclaim': {
      const id = await couponOf(c);
      if (!id) return;
      const email = emailOf(c, op.b);
      const token = await tokenOf(email);
      const rs = await step(c, `${op.n} coupon claims by ${email}`, () =>
        Promise.all(Array.from({ length: op.n }, () => callJson(`/api/coupons/${id}/claim`, { token, method: 'POST' }))),
      );
      for (const r of rs) {
        expectStatus(c, 'coupon claim', r.status, [201, 409]);
        if (r.status === 201) s.claims.push({ id: r.body.buyerCoupon.id, email });
      }
      return;
    }
    case 'corder': {
      const k = at(s.claims, op.k);
      if (!k) return;
      const token = await tokenOf(k.email);
      const one = async (n: number) => {
        const body = { ...orderBody([{ productId: c.products[0].id, quantity: op.qty }], { buyer: { email: k.email, name: 'History' } }), coupon: k.id };
        const key = `kc-${c.tag}-${s.keys.length}-${n}`;
        const e: Key = { key, body, answers: [] };
        s.keys.push(e);
        const r = await placeOrder(body, key, { authorization: `Bearer ${token}` });
        e.answers.push({ status: r.status, orderId: r.body?.order?.id });
        // 409: the claim is locked or used, or the product is sold out.
        expectStatus(c, 'coupon order', r.status, [201, 409]);
        if (r.status === 201) s.orders.push({ id: r.body.order.id, total: r.body.order.total });
      };
      await step(c, `coupon order with ${k.id}`, () => Promise.all(op.twice ? [one(0), one(1)] : [one(0)]));
      return;
    }
    case 'cpay': {
      const o = at(s.orders, op.i);
      if (!o) return;
      const r = await step(c, `coupon order payment ${o.id}`, () => sendTestEvent({ type: op.fail ? 'payment.failed' : 'payment.succeeded', orderId: o.id, amount: o.total }));
      expectStatus(c, 'coupon order payment', r.status, [200]);
      return;
    }
    case 'crefund': {
      const o = at(s.orders, op.i);
      if (!o) return;
      const r = await step(c, `coupon order refund ${o.id}`, async () => callJson(`/api/ops/orders/${o.id}/refund`, { token: await opsToken(), method: 'POST' }));
      expectStatus(c, 'coupon order refund', r.status, [200, 409]);
      return;
    }
  }
}

const PAID = ['paid', 'shipped', 'delivered', 'completed'];

/**
 * A claim is used by at most one paid order, and says so: used exactly when one paid order holds
 * it, locked only by an unpaid order, and a claim returned to unused is held by no paid order.
 * No buyer holds more than the limit, the coupon never grants more than its count (nor does
 * Postgres hold more than its object granted), and each coupon order's discount is on its lines.
 */
export async function checkCoupons(c: CouponParts): Promise<string[]> {
  const s = states.get(c);
  const couponId = s?.coupon ? await s.coupon : undefined;
  if (!s || !couponId) return [];
  const bad: string[] = [];
  const claims = await c.db.select().from(buyerCoupons).where(inArray(buyerCoupons.couponId, [couponId]));
  const held = claims.length ? await c.db.select().from(orders).where(inArray(orders.buyerCouponId, claims.map((k) => k.id))) : [];
  for (const k of claims) {
    const paid = held.filter((o) => o.buyerCouponId === k.id && PAID.includes(o.status));
    if (paid.length > 1) bad.push(`coupon ${k.id} is used by ${paid.length} paid orders: ${paid.map((o) => o.id).join(', ')}`);
    if (k.state === 'used' && (paid.length !== 1 || paid[0]!.id !== k.orderId)) bad.push(`coupon ${k.id} is used by ${k.orderId}, paid orders holding it: ${paid.map((o) => o.id).join(', ') || 'none'}`);
    if (k.state !== 'used' && paid.length > 0) bad.push(`coupon ${k.id} is ${k.state} while paid order ${paid[0]!.id} holds it`);
    const locker = held.find((o) => o.id === k.orderId);
    if (k.state === 'locked' && locker && locker.status !== 'pending_payment') bad.push(`coupon ${k.id} is locked by order ${locker.id}, which is ${locker.status}`);
  }
  const perBuyer = new Map<string, number>();
  for (const k of claims) perBuyer.set(k.buyerEmail, (perBuyer.get(k.buyerEmail) ?? 0) + 1);
  for (const [email, n] of perBuyer) if (n > PER_BUYER) bad.push(`${email} holds ${n} claims of a coupon limited to ${PER_BUYER}`);
  const granted = (await couponStub(env as unknown as AppEnv, couponId).status(couponId))?.claimed ?? 0;
  if (granted > TOTAL) bad.push(`the coupon granted ${granted} of ${TOTAL}`);
  if (claims.length > granted) bad.push(`Postgres holds ${claims.length} claims, the object granted ${granted}`);
  const lines = held.length ? await c.db.select().from(orderItems).where(inArray(orderItems.orderId, held.map((o) => o.id))) : [];
  for (const o of held) {
    const mine = lines.filter((l) => l.orderId === o.id);
    const full = mine.reduce((n, l) => n + l.unitPriceAmount * l.quantity, 0);
    const pays = mine.reduce((n, l) => n + (l.payAmount ?? 0), 0);
    if (o.discountAmount !== OFF || pays !== full - OFF || o.totalAmount !== pays) bad.push(`coupon order ${o.id}: discount ${o.discountAmount}, lines ${full} → ${pays}, total ${o.totalAmount}`);
  }
  return bad;
}
