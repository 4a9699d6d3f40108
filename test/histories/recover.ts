// After the waves: what the world does once the faults are over. The provider retries the events
// it could not deliver, a client retries a creation that got 503, alarms fire until their
// outboxes are empty, and the minute cron asks for owed refunds and sends queued email.
import { and, eq, inArray } from 'drizzle-orm';
import { deliverPendingEmails } from '../../workers/services/email/emails';
import { retryOwedRefunds } from '../../workers/services/orders/payments';
import { sweepStaleReservations } from '../../workers/services/orders/daily';
import { emailOutbox, orderItems, orders } from '../../workers/storage/schema';
import { placeOrder } from '../checkout-helpers';
import { groupRef, readGroup, readStock, runAlarm, stockRef } from './objects';
import { appEnv, step, type Ctx } from './context';
import { advance, deliver, stockUnits } from './run';
import { couponKeys } from './plays/coupon-ops';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function redeliverEvents(c: Ctx) {
  for (let round = 0; round < 5 && c.events.some((e) => !e.settled); round++) {
    for (const ev of c.events) if (!ev.settled) await deliver(c, ev);
    if (c.events.some((e) => !e.settled)) await sleep(20);
  }
}

async function retryCreates(c: Ctx) {
  for (const k of c.keys) {
    if (k.answers.some((a) => a.status === 201) || !k.answers.some((a) => a.status === 503)) continue;
    const r = await placeOrder(k.body, k.key);
    k.answers.push({ status: r.status, orderId: r.body?.order?.id });
    if (r.status === 201 && !c.orders.some((o) => o.id === r.body.order.id)) {
      const groupId: string | null = r.body.order.groupId ?? null;
      c.orders.push({ id: r.body.order.id, total: r.body.order.total, groupId, product: k.body.items[0]!.productId === c.products[0].id ? 0 : 1 });
    }
  }
}

/** Alarms until every object outbox is empty (at-least-once delivery, as the platform does it). */
async function drainObjects(c: Ctx) {
  for (let round = 0; round < 6; round++) {
    let pending = 0;
    for (const u of stockUnits(c)) {
      const s = await readStock(u.name);
      if (s && s.cancelOutbox > 0) {
        pending += s.cancelOutbox;
        await runAlarm(stockRef(u.name));
      }
    }
    for (const gid of c.groups) {
      const g = await readGroup(gid);
      if (g && g.pendingWrites > 0) {
        pending += g.pendingWrites;
        await runAlarm(groupRef(gid));
      }
    }
    if (pending === 0) return;
  }
}

async function drainPostgresOutboxes(c: Ctx) {
  // The minute cron over the hours a recovery stands for: every owed refund's backoff (6 h at most) has run out.
  await retryOwedRefunds({ env: appEnv, db: c.db }, 50, new Date(Date.now() + 7 * 3600_000));
  const buyers = [...c.keys, ...c.vkeys, ...couponKeys(c)].map((k) => k.body.buyer.email.toLowerCase());
  const ids = buyers.length
    ? (await c.db.select({ id: emailOutbox.id }).from(emailOutbox).where(and(inArray(emailOutbox.to, buyers), eq(emailOutbox.state, 'pending')))).map((r) => r.id)
    : [];
  if (ids.length) await deliverPendingEmails(appEnv, c.db, ids);
}

export async function recover(c: Ctx, opts: { clientRetries?: boolean } = {}) {
  // Objects created while time moved still run on real time; one clock for all, and their alarms fire.
  await step(c, 'recovery: alarms at one clock', () => advance(c, 0));
  await step(c, 'recovery: webhook redelivery', () => redeliverEvents(c));
  if (opts.clientRetries && c.h.retryFailedCreates) await step(c, 'recovery: client retries', () => retryCreates(c));
  await step(c, 'recovery: draining object outboxes', () => drainObjects(c));
  await step(c, 'recovery: owed refunds and email', () => drainPostgresOutboxes(c));
  // A refund asked for above lands by its own event; the group outboxes may have more to do after it.
  await step(c, 'recovery: draining object outboxes again', () => drainObjects(c));
  await step(c, 'recovery: webhook redelivery again', () => redeliverEvents(c));
}

/** The end of time for this history: every reservation window and every deadline has passed. */
export async function endOfTime(c: Ctx) {
  // No client retries any more: a new order now would start a window after the end of time.
  await step(c, 'end of time: alarms 3 days on', () => advance(c, 3 * 86_400_000));
  // The daily cron's sweep, for this history's orders: it cancels an order whose creation was
  // still writing to Postgres when its Stock alarm had already expired the hold.
  const lines = await c.db.select({ id: orderItems.orderId }).from(orderItems).where(inArray(orderItems.productId, [...c.products.map((p) => p.id), c.variants.productId]));
  if (lines.length) await step(c, 'end of time: daily sweep', () => sweepStaleReservations(appEnv, c.db, new Date(Date.now() + c.clock), [...new Set(lines.map((l) => l.id))]));
  await recover(c);
}

export const pendingOrderIds = async (c: Ctx) => {
  const ids = [...c.orders, ...c.vorders].map((o) => o.id);
  return ids.length ? (await c.db.select({ id: orders.id }).from(orders).where(and(inArray(orders.id, ids), eq(orders.status, 'pending_payment')))).map((r) => r.id) : [];
};
