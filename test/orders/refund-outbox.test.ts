// A refund that has been decided is owed until the provider takes it. Only Stripe's HTTP is
// replaced (fetch injected, recorded payloads in test/fixtures/stripe); everything else is real.
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { signPayload } from '../../workers/payments/signature';
import { createOrder } from '../../workers/services/orders/checkout';
import { handlePaymentWebhook, sendOwedRefund } from '../../workers/services/orders/payments';
import { openDb } from '../../workers/storage/db';
import { findOrderRecord } from '../../workers/storage/orders/orders-repo';
import { findRefundRequest } from '../../workers/storage/orders/refunds-repo';
import { TEST_BINDINGS } from '../bindings';
import { orderBody } from '../checkout-helpers';
import { callJson, createProduct, opsToken, uniq } from '../helpers';
import { clone, sessionEventFor } from '../stripe-helpers';
import apiError from '../fixtures/stripe/error-api.json';
import sessionCreated from '../fixtures/stripe/checkout-session-created.json';
import sessionExpired from '../fixtures/stripe/event-checkout-session-expired.json';
import refundUpdated from '../fixtures/stripe/event-refund-updated.json';

const stripeEnv = { ...(env as unknown as AppEnv), PAYMENT_PROVIDER: 'stripe' } as AppEnv;
const pool = openDb(stripeEnv);
afterAll(async () => {
  await pool.close();
  await new Promise((r) => setTimeout(r, 200));
});

/** A fake Stripe that keeps what Stripe keeps: one refund per Idempotency-Key, however often asked. */
function fakeStripe(opts: { failRefunds: number }) {
  const refundsByKey = new Map<string, unknown>();
  const calls: { path: string; key: string | null; status: number }[] = [];
  let failuresLeft = opts.failRefunds;
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const key = new Headers(init?.headers).get('idempotency-key');
    const answer = (status: number, body: unknown) => {
      calls.push({ path, key, status });
      return Response.json(body, { status });
    };
    if (path === '/v1/checkout/sessions') return answer(200, { ...clone(sessionCreated), id: `cs_test_${uniq()}` });
    if (path === '/v1/refunds') {
      if (failuresLeft > 0) {
        failuresLeft--;
        return answer(500, apiError);
      }
      if (!refundsByKey.has(key!)) refundsByKey.set(key!, { ...clone(refundUpdated.data.object), id: `re_${uniq()}`, status: 'pending' });
      return answer(200, refundsByKey.get(key!));
    }
    return answer(404, { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } });
  }) as typeof fetch;
  return { fetch: f, calls, refundsCreated: () => refundsByKey.size };
}

async function deliver(stripe: ReturnType<typeof fakeStripe>, event: unknown) {
  const raw = JSON.stringify(event);
  const headers = new Headers({ 'stripe-signature': await signPayload(TEST_BINDINGS.STRIPE_WEBHOOK_SECRET, raw, Math.floor(Date.now() / 1000)) });
  return handlePaymentWebhook({ env: stripeEnv, db: pool.db, fetch: stripe.fetch }, 'stripe', raw, headers);
}


describe('owed refunds', () => {
  it('the provider refuses twice, then takes it: the money goes back exactly once', async () => {
    const stripe = fakeStripe({ failRefunds: 2 });
    const p = await createProduct({ stock: 5 });
    const created = await createOrder(
      { env: stripeEnv, db: pool.db, fetch: stripe.fetch },
      { body: orderBody([{ productId: p.id, quantity: 1 }]) as never, idempotencyKey: uniq('idem-'), origin: 'https://pinlink.example' },
    );
    const id = created.body.order.id;
    const amount = created.body.order.total.amount;
    // The session expires (order cancelled), then a payment lands anyway: it must be refunded.
    expect((await deliver(stripe, sessionEventFor(id, amount, sessionExpired))).outcome).toBe('cancelled');
    const late = sessionEventFor(id, amount);
    expect(await deliver(stripe, late)).toEqual({ received: true, outcome: 'voided_late_payment' });
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'owed', attempts: 1, reason: 'voided_late_payment', amount });

    // Ops see it.
    const listed = await callJson('/api/ops/refunds?state=owed', { token: await opsToken() });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((r: { orderId: string }) => r.orderId === id)).toMatchObject({ state: 'owed', attempts: 1 });

    // Stripe retries its event: a duplicate, but the refund is asked for again (and fails again).
    expect(await deliver(stripe, late)).toEqual({ received: true, outcome: 'duplicate' });
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'owed', attempts: 2 });

    // Third ask (the minute cron or ops) goes through; later asks change nothing.
    expect(await sendOwedRefund({ env: stripeEnv, db: pool.db, fetch: stripe.fetch }, id)).toBe(true);
    expect(await sendOwedRefund({ env: stripeEnv, db: pool.db, fetch: stripe.fetch }, id)).toBe(false);
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'requested', attempts: 3, lastError: null });
    const refundCalls = stripe.calls.filter((c) => c.path === '/v1/refunds');
    expect(refundCalls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(new Set(refundCalls.map((c) => c.key))).toEqual(new Set([`pinlink-refund-${id}`]));
    expect(stripe.refundsCreated()).toBe(1);

    // Stripe's refund event settles it.
    const refund = clone(refundUpdated);
    refund.id = `evt_${uniq()}`;
    refund.data.object.metadata = { order_id: id } as never;
    refund.data.object.amount = amount;
    refund.data.object.currency = 'cny';
    expect((await deliver(stripe, refund)).outcome).toBe('voided_payment_refunded');
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'settled' });
    const rec = await findOrderRecord(pool.db, id);
    expect(rec?.order.status).toBe('cancelled');
    expect(rec?.payment?.status).toBe('refunded');
  });

  it('ops retry through the API; a refund already requested is not asked for twice', async () => {
    const token = await opsToken();
    const r = await callJson('/api/ops/refunds/o_nosuchorder001/retry', { method: 'POST', token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sent: false });
    const all = await callJson('/api/ops/refunds/retry', { method: 'POST', token });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ sent: expect.any(Number), stillOwed: expect.any(Number) });
    expect((await callJson('/api/ops/refunds?state=nope', { token })).status).toBe(400);
  });
});
