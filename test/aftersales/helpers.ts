// After-sale test helpers: real orders through the Worker, the buyer's and ops' calls.
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { payAmounts } from '../../shared/orders/discount-split';
import { orderItems, orders, refundRequests } from '../../workers/storage/schema';
import { signInBuyer } from '../buyer-helpers';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, opsToken, uniq } from '../helpers';
import { db } from '../ledger-helpers';

export type Line = { productId: string; quantity: number };

/**
 * A paid order of these lines for a fresh buyer (signed in). `discount` writes the v3 money
 * columns before payment, split with the one discount split, as a coupon would.
 */
export async function buyerOrder(items: Line[], opts: { ref?: string; discount?: number; lang?: 'en' | 'zh-CN' } = {}) {
  const email = `${uniq('as')}@example.test`;
  const body = orderBody(items, { buyer: { email, name: '王五 Wang Wu' }, ...(opts.ref ? { ref: opts.ref } : {}) });
  const r = await placeOrder(body, uniq('idem-'), opts.lang ? { 'accept-language': opts.lang } : {});
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.order.id as string;
  let total = r.body.order.total.amount as number;
  if (opts.discount) total = await applyDiscount(id, opts.discount);
  const pay = await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: { amount: total, currency: 'CNY' } });
  expect(pay.body.outcome).toBe('paid');
  return { id, email, total, orderToken: r.body.orderToken as string, buyer: await signInBuyer(email) };
}

async function applyDiscount(orderId: string, discount: number): Promise<number> {
  return db(async (d) => {
    const lines = await d.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(orderItems.productId);
    const amounts = lines.map((l) => l.unitPriceAmount * l.quantity);
    const pays = payAmounts(amounts, discount);
    const subtotal = amounts.reduce((a, b) => a + b, 0);
    for (const [i, l] of lines.entries()) {
      await d.update(orderItems).set({ payAmount: pays[i]! }).where(sql`${orderItems.orderId} = ${orderId} and ${orderItems.productId} = ${l.productId}`);
    }
    await d.update(orders).set({ subtotalAmount: subtotal, discountAmount: discount, totalAmount: subtotal - discount }).where(eq(orders.id, orderId));
    return subtotal - discount;
  });
}

export async function ask(buyer: string, orderId: string, body: Record<string, unknown>) {
  return callJson(`/api/buyer/orders/${orderId}/after-sales`, { token: buyer, body: { reason: '不想要了 changed my mind', ...body } });
}

export async function opsStep(id: string, step: 'approve' | 'receive' | 'reject', body?: unknown) {
  return callJson(`/api/ops/after-sales/${id}/${step}`, { token: await opsToken(), method: 'POST', ...(body ? { body } : {}) });
}

export async function sendBack(buyer: string, id: string) {
  return callJson(`/api/buyer/after-sales/${id}/return`, { token: buyer, body: { carrier: 'SF', trackingNumber: `SF${uniq()}` } });
}

export async function orderView(id: string) {
  const r = await callJson(`/api/orders/${id}`, { token: await opsToken() });
  expect(r.status).toBe(200);
  return r.body.order as { status: string; total: { amount: number }; refundedAmount: { amount: number }; refundedUnits: Record<string, number> };
}

export const stockOf = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;

export const refundsOf = (orderId: string) => db((d) => d.select().from(refundRequests).where(eq(refundRequests.orderId, orderId)));

export const linesOf = (orderId: string) => db((d) => d.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(orderItems.productId));
