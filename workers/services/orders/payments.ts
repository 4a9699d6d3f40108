// Payment events change orders here, whichever provider sent them.
//
// Webhook answers (documented for providers and ops):
// - 200: applied, a replay of an event already recorded, or an event that needs no action.
// - 400 invalid_input: bad/stale/missing signature, malformed event, wrong amount or currency,
//   or an event for an order paid through another provider. Nothing is recorded.
// - 404 not_found: no such order.
// - 409 conflict: the event depends on one not processed yet (a refund for an unpaid order).
//   Nothing is recorded, so the provider's retry applies it once the payment has landed.
import { freeUnpaidOrderSlot } from '../limits/abuse-limits';
import { ApiError } from '../../../shared/errors';
import type { PlatformRefundReason } from '../../../shared/trust/fraud';
import { refundableStatuses, transitionOrder, type OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { PaymentProvider, ProviderEvent, ProviderName } from '../../payments/provider';
import { stripeProvider } from '../../payments/stripe';
import { testProvider } from '../../payments/test-provider';
import type { Db } from '../../storage/db';
import {
  isWebhookEventSeen,
  markRefundRequested,
  recordWebhookEvent,
  updatePayment,
  type OrderRecord,
  type Tx,
} from '../../storage/orders/orders-repo';
export { REFUND_FLAG_ATTEMPTS } from '../../storage/orders/refunds-repo';
import { hasOpenAfterSale } from '../../storage/aftersales/after-sales-repo';
import { lockOrderForRefund, markAllLinesRefunded } from '../../storage/orders/refund-lines-repo';
import { findOrderRefundRequests, findRefundRequest, listDueRefundRequests, listFlaggedRefundRequests, listRefundRequests, markRefundRequestFailed, markRefundRequestSent, oweRefund, reopenFailedRefundRequest, settleRefundRequest } from '../../storage/orders/refunds-repo';
import { lineStockRef, type RefundRequestRow } from '../../storage/schema';
import { noteRefundForSignals } from '../trust/fraud-signals';
import { afterOrderEvent } from './after-order-event';
import { getOrderRecordOrThrow, moveOrder } from './orders';
import { commitStock, releaseStock } from '../catalog/stock';

export interface PaymentDeps {
  env: AppEnv;
  db: Db;
  /** Stripe's HTTP boundary; tests inject a recorder here. */
  fetch?: typeof fetch;
}

export function paymentProvider(deps: PaymentDeps, name: ProviderName): PaymentProvider {
  if (name === 'stripe') {
    return stripeProvider({ secretKey: deps.env.STRIPE_SECRET_KEY, webhookSecret: deps.env.STRIPE_WEBHOOK_SECRET, fetch: deps.fetch });
  }
  return testProvider(deps.env.PAYMENT_WEBHOOK_SECRET, (rawBody, headers) => handlePaymentWebhook(deps, 'test', rawBody, headers));
}

export function configuredProvider(env: AppEnv): ProviderName {
  return env.PAYMENT_PROVIDER === 'stripe' ? 'stripe' : 'test';
}

export type WebhookResult = { received: true; outcome: string };

/** The order moved between our read and our compare-and-set; the handler reruns. */
class OrderMoved extends Error {}

export async function handlePaymentWebhook(deps: PaymentDeps, name: ProviderName, rawBody: string, headers: Headers): Promise<WebhookResult> {
  const provider = paymentProvider(deps, name);
  const event = await provider.parseWebhook(rawBody, headers, Math.floor(Date.now() / 1000));
  if (!event) return { received: true, outcome: 'ignored' };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = await applyEvent(deps, provider, event);
      await afterOrderEvent(deps.env, deps.db, event);
      return result;
    } catch (e) {
      if (!(e instanceof OrderMoved)) throw e;
    }
  }
  throw new ApiError('conflict', 'The order kept changing; retry the event.');
}

async function applyEvent(deps: PaymentDeps, provider: PaymentProvider, ev: ProviderEvent): Promise<WebhookResult> {
  const { env, db } = deps;
  if (await isWebhookEventSeen(db, provider.name, ev.id)) {
    // The provider retrying an event whose refund we still owe is a good moment to ask again.
    await sendOwedRefund(deps, ev.afterSaleId ?? ev.orderId);
    return { received: true, outcome: 'duplicate' };
  }
  const rec = await getOrderRecordOrThrow(db, ev.orderId);
  const o = rec.order;
  if (o.paymentProvider !== provider.name) throw new ApiError('invalid_input', 'This order is not paid through this provider.');
  // A payment is the whole order; a refund is what we owe for it (the whole order less what
  // after-sales refunded, or one after-sale's lines). Any other amount is refused and changes nothing.
  const isRefund = ev.type === 'refund.succeeded' || ev.type === 'refund.failed';
  const owedRow = isRefund ? await findRefundRequest(db, ev.afterSaleId ?? o.id) : undefined;
  if (isRefund && ev.afterSaleId && owedRow?.orderId !== o.id) throw new ApiError('invalid_input', 'No such refund for this order.');
  const expected = !isRefund ? o.totalAmount : (owedRow?.amount ?? o.totalAmount - o.refundedAmount);
  if (ev.amount.amount !== expected || ev.amount.currency !== o.currency) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'payment event amount mismatch', orderId: o.id, eventId: ev.id, type: ev.type }));
    throw new ApiError('invalid_input', 'The event amount does not match the order total.');
  }
  const lines = rec.items.map(lineStockRef);
  const record = (outcome: string, apply: (tx: Tx) => Promise<void> = async () => {}) =>
    recordWebhookEvent(db, { provider: provider.name, eventId: ev.id, type: ev.type, orderId: o.id, outcome }, apply).then((fresh) => ({
      received: true as const,
      outcome: fresh ? outcome : 'duplicate',
    }));
  const move = async (tx: Tx, from: OrderStatus, to: OrderStatus) => {
    if (!(await moveOrder(tx, o.id, from, to))) throw new OrderMoved();
  };

  switch (ev.type) {
    case 'payment.succeeded': {
      if (o.status === 'pending_payment') {
        // Stock first: committing is idempotent, so a Postgres failure below is healed by the provider's retry.
        if (await commitStock(env, o.id, lines)) {
          const res = await record('paid', async (tx) => {
            await move(tx, 'pending_payment', transitionOrder('pending_payment', { type: 'payment_succeeded', group: o.groupId !== null }));
            await updatePayment(tx, o.id, { status: 'succeeded', providerPaymentId: ev.providerPaymentId });
          });
          if (res.outcome === 'paid') await freeUnpaidOrderSlot(env, o.buyerEmail, o.id);
          return res;
        }
        // The reservation expired and its units were sold meanwhile: cancel and give the money back.
        // The refund is owed in the same transaction that decides it, and asked for after.
        const res = await record('voided_out_of_stock', async (tx) => {
          await move(tx, 'pending_payment', 'cancelled');
          await updatePayment(tx, o.id, { status: 'refund_pending', providerPaymentId: ev.providerPaymentId });
          await oweRefund(tx, owed(rec, provider.name, 'voided_out_of_stock', ev.providerPaymentId));
        });
        await sendOwedRefund(deps, o.id);
        return res;
      }
      if (o.status === 'cancelled' && rec.payment?.status !== 'refund_pending' && rec.payment?.status !== 'refunded') {
        // Paid after the order was cancelled (expired): units a racing commit may have taken go back.
        await releaseStock(env, o.id, lines, { includeCommitted: true });
        const res = await record('voided_late_payment', async (tx) => {
          await updatePayment(tx, o.id, { status: 'refund_pending', providerPaymentId: ev.providerPaymentId });
          await oweRefund(tx, owed(rec, provider.name, 'voided_late_payment', ev.providerPaymentId));
        });
        await sendOwedRefund(deps, o.id);
        return res;
      }
      // A cancelled order holds no sold units. Another event already voided this payment, but an
      // earlier attempt of this one may have committed units before the cancel won: they go back.
      if (o.status === 'cancelled') await releaseStock(env, o.id, lines, { includeCommitted: true });
      return record('no_effect');
    }
    case 'payment.failed': {
      if (o.status !== 'pending_payment') return record('no_effect');
      const res = await record('cancelled', async (tx) => {
        await move(tx, 'pending_payment', transitionOrder('pending_payment', { type: 'payment_failed' }));
        await updatePayment(tx, o.id, { status: 'failed' }, ['pending']);
      });
      await releaseStock(env, o.id, lines);
      return res;
    }
    case 'refund.failed': {
      // The provider took the request and then could not pay it out: the refund is owed again.
      const key = ev.afterSaleId ?? o.id;
      const reopened = await record('refund_failed', async (tx) => {
        await reopenFailedRefundRequest(tx, key, ev.failureReason ?? 'failed');
      });
      if (reopened.outcome === 'refund_failed') await sendOwedRefund(deps, key);
      return reopened;
    }
    case 'refund.succeeded': {
      // An after-sale's refund: the order and its lines moved when the after-sale was decided
      // (services/aftersales); the provider's event only settles what we owed.
      if (ev.afterSaleId) {
        const id = ev.afterSaleId;
        return record('after_sale_refund_settled', async (tx) => {
          await settleRefundRequest(tx, id);
        });
      }
      if ((refundableStatuses as readonly OrderStatus[]).includes(o.status)) {
        return record('refunded', async (tx) => {
          await move(tx, o.status, transitionOrder(o.status, { type: 'refund_succeeded' }));
          // A full refund is the sum of its lines: every unit counts as refunded.
          await markAllLinesRefunded(tx, o.id);
          await updatePayment(tx, o.id, { status: 'refunded' });
          await settleRefundRequest(tx, o.id);
          await noteRefundForSignals(tx, env, o);
        });
      }
      if (o.status === 'cancelled' && rec.payment?.status === 'refund_pending') {
        return record('voided_payment_refunded', async (tx) => {
          await updatePayment(tx, o.id, { status: 'refunded' }, ['refund_pending']);
          await settleRefundRequest(tx, o.id);
        });
      }
      if (o.status === 'pending_payment') {
        throw new ApiError('conflict', 'The payment for this order has not been processed yet; retry later.');
      }
      console.warn(JSON.stringify({ level: 'warn', msg: 'refund for an order that cannot be refunded', orderId: o.id, status: o.status }));
      return record('no_effect');
    }
  }
}

const owed = (rec: OrderRecord, provider: ProviderName, reason: RefundReason, providerPaymentId?: string) => ({
  orderId: rec.order.id,
  provider,
  reason,
  // What after-sales already refunded is not asked for twice.
  amount: rec.order.totalAmount - rec.order.refundedAmount,
  providerPaymentId: providerPaymentId ?? rec.payment?.providerPaymentId ?? null,
});

/**
 * Asks the provider for an owed refund; `true` when it accepted. The provider's own idempotency
 * (one key per refund: the order's, or the after-sale's) makes a repeated ask pay once. A failure
 * leaves it owed, to be asked again by the minute cron, the provider's retry of its event, or
 * ops; it is never thrown at the caller that decided the refund. `inTx` runs in the transaction
 * that records the acceptance (an ops retry's audit entry), so both land or neither.
 */
export async function sendOwedRefund(deps: PaymentDeps, refundId: string, opts: { inTx?: (tx: Tx, before: RefundRequestRow) => Promise<void> } = {}): Promise<boolean> {
  const r = await findRefundRequest(deps.db, refundId);
  if (!r || r.state !== 'owed') return false;
  const orderId = r.orderId;
  try {
    await paymentProvider(deps, r.provider === 'stripe' ? 'stripe' : 'test').requestRefund({
      orderId,
      refundKey: r.id,
      afterSaleId: r.afterSaleId,
      amount: { amount: r.amount, currency: 'CNY' },
      providerPaymentId: r.providerPaymentId,
      round: r.failures,
    });
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'refund request failed; still owed', orderId, refundId, error: String((e as Error)?.message ?? e).slice(0, 200) }));
    await markRefundRequestFailed(deps.db, refundId, String((e as Error)?.message ?? e));
    return false;
  }
  const inTx = opts.inTx;
  if (inTx) {
    await deps.db.transaction(async (tx) => {
      await markRefundRequestSent(tx, refundId);
      await inTx(tx, r);
    });
  } else {
    await markRefundRequestSent(deps.db, refundId);
  }
  return true;
}

/**
 * Asks again for owed refunds whose backoff has run out, longest-waiting first (the minute cron
 * and ops' "retry all"). A failure pushes its row back (markRefundRequestFailed), so rows that
 * always fail cannot take every run's places from the rest.
 */
export async function retryOwedRefunds(deps: PaymentDeps, limit = 50, now = new Date()): Promise<{ sent: number; stillOwed: number }> {
  let sent = 0;
  const rows = await listDueRefundRequests(deps.db, now, limit);
  for (const r of rows) if (await sendOwedRefund(deps, r.id)) sent++;
  return { sent, stillOwed: rows.length - sent };
}

export const listRefunds = (db: Db, state: RefundRequestRow['state'], limit: number) => listRefundRequests(db, state, limit);

export const listFlaggedRefunds = (db: Db, limit: number) => listFlaggedRefundRequests(db, limit);

export const listOrderRefunds = (db: Db, orderId: string) => findOrderRefundRequests(db, orderId);

/** Why a refund was decided: ops refunding a buyer's order, or one of the platform's own decisions (which no refund burst counts). */
export type RefundReason = 'ops_refund' | PlatformRefundReason;

/**
 * Refund of a paid order: owes the refund, then asks the provider; the order turns `refunded`
 * when its refund event arrives (at once for the test provider). `inTx` runs in the transaction
 * that owes it (the ops audit entry), so both land or neither.
 */
export async function refundOrder(
  deps: PaymentDeps,
  id: string,
  opts: { owedIsEnough?: boolean; reason?: RefundReason; inTx?: (tx: Tx, before: OrderRecord) => Promise<void> } = {},
): Promise<OrderRecord> {
  const rec = await getOrderRecordOrThrow(deps.db, id);
  if (!(refundableStatuses as readonly OrderStatus[]).includes(rec.order.status)) {
    throw new ApiError('conflict', `An order in status ${rec.order.status} cannot be refunded.`);
  }
  // The buyer's open after-sale is answered first: its lines are priced on what is left to refund.
  if (await hasOpenAfterSale(deps.db, id)) throw new ApiError('conflict', 'This order has an open after-sale; answer it first.');
  await deps.db.transaction(async (tx) => {
    // The order's row lock, as after-sales take it: an after-sale refunded between the read above
    // and this point is seen here, so the whole refund asks only for what is left of the payment
    // (found by the histories, seed short:720024390: 6000 paid, 9000 asked).
    const locked = await lockOrderForRefund(tx, id);
    if (!locked) throw new ApiError('not_found', 'No such order.');
    if (await hasOpenAfterSale(tx, id)) throw new ApiError('conflict', 'This order has an open after-sale; answer it first.');
    if (locked.refundedAmount >= locked.totalAmount) throw new ApiError('conflict', 'Every line of this order is already refunded.');
    await updatePayment(tx, id, { status: 'refund_pending' }, ['succeeded', 'refund_pending']);
    await markRefundRequested(tx, id);
    await oweRefund(tx, owed({ ...rec, order: locked }, rec.order.paymentProvider === 'stripe' ? 'stripe' : 'test', opts.reason ?? 'ops_refund'));
    if (opts.inTx) await opts.inTx(tx, rec);
  });
  if (!(await sendOwedRefund(deps, id)) && !opts.owedIsEnough) {
    // Owed and retried; ops are told it has not reached the provider yet.
    throw new ApiError('unavailable', 'The refund is recorded, but the payment provider did not take it yet; it is retried automatically.', { 'Retry-After': '60' });
  }
  return getOrderRecordOrThrow(deps.db, id);
}
