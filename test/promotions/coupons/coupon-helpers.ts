// Coupon test helpers: coupons made by ops through the Worker, buyers signed in with real sessions.
import { expect } from 'vitest';
import { issueBuyerSession } from '../../../workers/services/identity/sessions';
import { orderBody, placeOrder } from '../../checkout-helpers';
import { callJson, opsToken, uniq } from '../../helpers';
import { appEnv } from '../../ledger-helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

export function couponBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `满100减20 ${uniq()}`,
    discount: { kind: 'amount', amount: cny(2000) },
    minSpend: cny(0),
    scope: { kind: 'all' },
    totalCount: 100,
    perBuyerLimit: 1,
    validity: { kind: 'after_claim', days: 7 },
    ...overrides,
  };
}

export async function createCoupon(overrides: Record<string, unknown> = {}) {
  const r = await callJson('/api/ops/coupons', { token: await opsToken(), body: couponBody(overrides) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.coupon as { id: string; totalCount: number | null };
}

/** A signed-in buyer: a real buyer session, as POST /api/buyer/session issues it. */
export async function buyer(email = `${uniq('cb')}@example.test`) {
  return { email, token: await issueBuyerSession(appEnv, email) };
}

export const claim = (couponId: string, token: string) => callJson(`/api/coupons/${couponId}/claim`, { token, method: 'POST' });

export async function claimed(couponId: string, who: { token: string }) {
  const r = await claim(couponId, who.token);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.buyerCoupon.id as string;
}

export async function myCoupons(token: string) {
  const r = await callJson('/api/buyer/coupons', { token });
  expect(r.status).toBe(200);
  return r.body.items as { id: string; couponId: string; state: string; orderId?: string; validUntil: string }[];
}

export const stateOf = async (token: string, id: string) => (await myCoupons(token)).find((c) => c.id === id)?.state;

/** An order with a coupon, placed by the signed-in buyer with their own email. */
export function couponOrder(who: { email: string; token: string }, items: { productId: string; quantity: number }[], coupon: string, key = uniq('idem-')) {
  return placeOrder(orderBody(items, { buyer: { email: who.email, name: '赵六 Zhao Liu' }, coupon }), key, { authorization: `Bearer ${who.token}` });
}
