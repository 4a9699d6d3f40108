// Helpers for the commission ledger tests: real orders through the Worker, ledger reads and
// test-only clock moves (backdating) straight through SQL.
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { createScheduledController } from 'cloudflare:test';
import { expect } from 'vitest';
import type { AppEnv } from '../workers/env';
import worker from '../workers/index';
import { withDb, type Db } from '../workers/storage/db';
import { commissionEntries, orders } from '../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from './checkout-helpers';
import { call, callJson, opsToken } from './helpers';

export const appEnv = env as unknown as AppEnv;

export const db = <T>(fn: (db: Db) => Promise<T>) => withDb(appEnv, fn);

/** A real click on a fresh link of this seller; returns the ref token the redirect carries. */
export async function refFor(sellerToken: string, body: Record<string, unknown> = {}) {
  const link = await callJson('/api/links', { token: sellerToken, body });
  expect(link.status).toBe(201);
  const res = await call(`/r/${link.body.code}`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile' } });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).searchParams.get('ref')!;
}

/** Places an order (optionally attributed) and pays it through the signed test-provider webhook. */
export async function paidOrder(items: { productId: string; quantity: number }[], opts: { ref?: string; buyerEmail?: string; addressLine?: string } = {}) {
  const body = orderBody(items, opts.ref ? { ref: opts.ref } : {});
  if (opts.buyerEmail) body.buyer.email = opts.buyerEmail;
  if (opts.addressLine) body.shippingAddress.line1 = opts.addressLine;
  const r = await placeOrder(body);
  expect(r.status).toBe(201);
  const order = r.body.order as { id: string; total: { amount: number; currency: string } };
  const pay = await sendTestEvent({ type: 'payment.succeeded', orderId: order.id, amount: order.total });
  expect(pay.body.outcome).toBe('paid');
  return { id: order.id, total: order.total, token: r.body.orderToken as string };
}

export async function opsAction(orderId: string, action: 'ship' | 'deliver' | 'refund' | 'complete') {
  const body = action === 'ship' ? { carrier: 'SF', trackingNumber: `SF${orderId}` } : undefined;
  const r = await callJson(`/api/ops/orders/${orderId}/${action}`, { token: await opsToken(), method: 'POST', body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.order;
}

export async function shipAndDeliver(orderId: string) {
  await opsAction(orderId, 'ship');
  await opsAction(orderId, 'deliver');
}

export const entriesOf = (sellerId: string) =>
  db((d) => d.select().from(commissionEntries).where(eq(commissionEntries.sellerId, sellerId)).orderBy(commissionEntries.seq));

export const entriesOfOrder = (orderId: string) =>
  db((d) => d.select().from(commissionEntries).where(eq(commissionEntries.orderId, orderId)).orderBy(commissionEntries.seq));

/** Test-only clock move: the order was delivered `days` (and one more minute, so clocks need not agree to the millisecond) ago. */
export const backdateDelivery = (orderId: string, days: number) =>
  db((d) => d.update(orders).set({ deliveredAt: sql`now() - make_interval(days => ${days}, mins => 1)` }).where(eq(orders.id, orderId)));

export async function earnings(sellerToken: string) {
  const r = await callJson('/api/me/stats', { token: sellerToken });
  expect(r.status).toBe(200);
  return r.body as { orders: number; clicks: number; conversionRate: number; earnings: Record<'pending' | 'available' | 'paid' | 'reversed', { amount: number; currency: string }> };
}

/** The four balances as plain minor units, for compact assertions. */
export async function balances(sellerToken: string) {
  const e = (await earnings(sellerToken)).earnings;
  for (const m of Object.values(e)) expect(m.currency).toBe('CNY');
  return { pending: e.pending.amount, available: e.available.amount, paid: e.paid.amount, reversed: e.reversed.amount };
}

/** Runs the Worker's cron handler to completion, as the platform would at `scheduledTime`. */
export async function runCron(scheduledTime = Date.now()) {
  const controller = createScheduledController({ scheduledTime, cron: '17 3 * * *' });
  await worker.scheduled(controller, appEnv);
}
