// The histories' after-sale operations: a buyer asks, ops answer, the buyer sends a return, all
// through the API only (Postgres may be faulted meanwhile). run.ts imports this file and hands it
// its step and status checks, so the two don't import each other.
import { signToken } from '../../../workers/services/identity/tokens';
import { TEST_BINDINGS } from '../../bindings';
import { callJson, opsToken } from '../../helpers';
import type { Op } from '../generate';

interface OrderBody {
  buyer: { email: string };
  items: { productId: string; quantity: number }[];
}

/** What of a history's context these steps use (run.ts's Ctx has it). */
export interface AfterSaleCtx {
  orders: { id: string }[];
  keys: { body: OrderBody; answers: { orderId?: string }[] }[];
  afterSales: { id: string; email: string }[];
}

interface Helpers<C> {
  step: <T>(c: C, what: string, fn: () => Promise<T>) => Promise<T>;
  expectStatus: (c: C, what: string, status: number, allowed: number[]) => void;
}

const at = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

/** A buyer token for the order's email, as the emailed code would give (a fresh session id). */
const buyerToken = (email: string) => signToken(TEST_BINDINGS.JWT_KEYS, 'buyer', { sub: email, jti: `h${Math.random().toString(36).slice(2, 12)}` }, 3600);

/**
 * The buyer asks, by the API only (Postgres may be faulted meanwhile): the order's buyer and lines
 * come from the body that created it. Asking for more than is left is a 409 like any other refusal.
 */
export async function askAfterSale<C extends AfterSaleCtx>(c: C, op: Extract<Op, { t: 'asAsk' }>, { step, expectStatus }: Helpers<C>) {
  const o = at(c.orders, op.i);
  const body = o && c.keys.find((k) => k.answers.some((a) => a.orderId === o.id))?.body;
  if (!o || !body) return;
  const lines = body.items.map((l) => ({ productId: l.productId, quantity: op.all ? l.quantity : 1 }));
  const email = body.buyer.email;
  const r = await step(c, `after-sale ${op.kind} of ${o.id}`, async () =>
    callJson(`/api/buyer/orders/${o.id}/after-sales`, { token: await buyerToken(email), body: { kind: op.kind, lines, reason: 'history' } }),
  );
  // 409: the order can't take this kind now (not paid, shipped, not delivered, one open already, nothing left).
  expectStatus(c, `after-sale ${op.kind}`, r.status, [201, 409]);
  if (r.status === 201) c.afterSales.push({ id: r.body.afterSale.id, email });
}

export async function afterSaleStep<C extends AfterSaleCtx>(c: C, op: Extract<Op, { t: 'asStep' }>, { step, expectStatus }: Helpers<C>) {
  const a = at(c.afterSales, op.j);
  if (!a) return;
  const r = await step(c, `after-sale ${op.step} of ${a.id}`, async () => {
    if (op.step === 'send') return callJson(`/api/buyer/after-sales/${a.id}/return`, { token: await buyerToken(a.email), body: { carrier: 'SF', trackingNumber: `SF${a.id}` } });
    const body = op.step === 'reject' ? { reason: 'history' } : undefined;
    return callJson(`/api/ops/after-sales/${a.id}/${op.step}`, { token: await opsToken(), method: 'POST', body });
  });
  expectStatus(c, `after-sale ${op.step}`, r.status, [200, 409]);
}

