// The histories' purchase limits (限购): a fourth product with a per-order and a per-buyer limit,
// ordered by two buyers in bursts, paid, failed and refunded; and the invariant that each buyer's
// units in orders awaiting payment (within their reservation) or paid, less cancelled, lapsed and
// refunded ones, stay within the limit. run.ts imports this file and hands it its helpers.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../workers/storage/db';
import { orderItems, orders, type products } from '../../../workers/storage/schema';
import { orderBody, placeOrder } from '../../checkout-helpers';
import { callJson, opsToken } from '../../helpers';
import { prng } from '../../storage-helpers';

export const LIMITS = { perOrder: 2, perBuyer: 2 };

export type LimitOp =
  /** One of the history's two limited buyers orders the limited product. */
  | { t: 'lorder'; b: 0 | 1; qty: 1 | 2 | 3 }
  /** A limited order's payment succeeds or fails. */
  | { t: 'lpay'; i: number; fail: boolean }
  /** Ops refund a limited order in full (409 unless it is paid). */
  | { t: 'lrefund'; i: number };

/** Limit ops come from a stream of their own, at the waves' ends, so older seeds keep their schedules. */
export function addLimitOps(n: number, waves: { t: string }[][]): void {
  const r = prng(n ^ 0x1b873593);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  for (const [w, wave] of waves.entries()) {
    const k = w === 0 ? int(2, 4) : int(0, 3);
    for (let i = 0; i < k; i++) {
      const x = r();
      const op: LimitOp =
        w === 0 || x < 0.5
          ? { t: 'lorder', b: r() < 0.5 ? 0 : 1, qty: int(1, 3) as 1 | 2 | 3 }
          : x < 0.85
            ? { t: 'lpay', i: int(0, 1000), fail: r() < 0.25 }
            : { t: 'lrefund', i: int(0, 1000) };
      wave.push(op);
    }
  }
}

export function limitProductRow(h: { stock: readonly number[] }, tag: string): typeof products.$inferInsert {
  return {
    id: `p_${tag}d`,
    title: `limited ${tag}`,
    description: 'history',
    category: 'History',
    images: ['/img/tea/Test.svg'],
    level1Bps: 1000,
    level2Bps: 300,
    priceAmount: 1500,
    stock: h.stock[0]! + 6,
    limits: LIMITS,
  };
}

export interface LimitCtx {
  tag: string;
  db: Db;
  clock: number;
  lorders: { id: string; total: { amount: number; currency: string } }[];
}

interface Helpers<C> {
  step: <T>(c: C, what: string, fn: () => Promise<T>) => Promise<T>;
  expectStatus: (c: C, what: string, status: number, allowed: number[]) => void;
}

const buyerOf = (tag: string, b: 0 | 1) => `limited-${b}-${tag}@example.test`;

export async function runLimitOrder<C extends LimitCtx>(c: C, op: Extract<LimitOp, { t: 'lorder' }>, { step, expectStatus }: Helpers<C>) {
  const body = orderBody([{ productId: `p_${c.tag}d`, quantity: op.qty }]);
  body.buyer.email = buyerOf(c.tag, op.b);
  const r = await step(c, `limited order of ${op.qty} by buyer ${op.b}`, () => placeOrder(body));
  // 409: over a limit, or out of stock; 429: the buyer's unpaid orders.
  expectStatus(c, 'limited order', r.status, [201, 409, 429]);
  if (r.status === 409 && !['limit_reached', 'out_of_stock'].includes(r.body.error?.code)) expectStatus(c, `limited order ${r.body.error?.code}`, 0, [201]);
  if (op.qty > LIMITS.perOrder && r.status === 201) expectStatus(c, 'limited order over perOrder', 201, [409]);
  if (r.status === 201) c.lorders.push({ id: r.body.order.id, total: r.body.order.total });
}

export async function runLimitRefund<C extends LimitCtx>(c: C, op: Extract<LimitOp, { t: 'lrefund' }>, { step, expectStatus }: Helpers<C>) {
  const o = c.lorders.length ? c.lorders[op.i % c.lorders.length] : undefined;
  if (!o) return;
  const r = await step(c, `refund of limited ${o.id}`, async () => callJson(`/api/ops/orders/${o.id}/refund`, { token: await opsToken(), method: 'POST' }));
  expectStatus(c, 'limited refund', r.status, [200, 409]);
}

const COUNTING = new Set(['paid', 'awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed']);

/** Each limited buyer's counted units never pass perBuyer, and no order passes perOrder. */
export async function checkLimitTotals(c: LimitCtx): Promise<string[]> {
  const bad: string[] = [];
  const rows = await c.db
    .select({ id: orders.id, email: orders.buyerEmail, status: orders.status, until: orders.reservationExpiresAt, limited: orders.purchaseLimited, qty: orderItems.quantity })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(orderItems.productId, `p_${c.tag}d`));
  const now = Date.now() + c.clock;
  const totals = new Map<string, number>();
  for (const o of rows) {
    if (o.qty > LIMITS.perOrder) bad.push(`limited order ${o.id} has ${o.qty} units, over perOrder ${LIMITS.perOrder}`);
    if (!o.limited) bad.push(`limited order ${o.id} is not marked purchaseLimited`);
    const counts = COUNTING.has(o.status) || (o.status === 'pending_payment' && o.until.getTime() > now);
    if (counts) totals.set(o.email, (totals.get(o.email) ?? 0) + o.qty);
  }
  for (const [email, n] of totals) if (n > LIMITS.perBuyer) bad.push(`buyer ${email.split('@')[0]} counts ${n} units of the limited product, over perBuyer ${LIMITS.perBuyer}`);
  return bad;
}
