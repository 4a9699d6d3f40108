// Helpers for the distribution program's tests: a seller with real released commission (a
// paid, delivered order through their link, its hold backdated and released), and withdrawals.
import { expect } from 'vitest';
import { releaseDueCommissions } from '../workers/services/ledger/commissions';
import { callJson, createProduct, opsToken, signupSeller, uniq } from './helpers';
import { backdateDelivery, db, paidOrder, refFor, shipAndDeliver } from './ledger-helpers';

/** A seller whose available balance is exactly `commission` fen (a 50% level-1 rate on a 2×commission product). */
export async function fundedSeller(commission: number, seller?: Awaited<ReturnType<typeof signupSeller>>) {
  const s = seller ?? (await signupSeller());
  const p = await createProduct({ price: { amount: commission * 2, currency: 'CNY' }, commission: { level1Bps: 5000, level2Bps: 0 }, stock: 5 });
  const o = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), buyerEmail: `${uniq('b')}@buyer.test`, addressLine: uniq('Road ') });
  await shipAndDeliver(o.id);
  await backdateDelivery(o.id, 30);
  const released = await db((d) => releaseDueCommissions(d, { now: new Date(), holdDays: 7, onlyOrderIds: [o.id] }));
  expect(released).toBe(1);
  return { ...s, orderId: o.id, productId: p.id };
}

export const method = { kind: 'alipay' as const, account: '13800138000', name: '张三' };

export const requestWithdrawal = (token: string, amount: number, m: Record<string, unknown> = method) =>
  callJson('/api/me/withdrawals', { token, body: { amount: { amount, currency: 'CNY' }, method: m } });

export const myWithdrawals = (token: string) => callJson('/api/me/withdrawals', { token });

export async function opsStep(id: string, action: 'approve' | 'reject' | 'mark-paid' | 'fail', body?: Record<string, string>) {
  return callJson(`/api/ops/withdrawals/${id}/${action}`, { token: await opsToken(), method: 'POST', body });
}
