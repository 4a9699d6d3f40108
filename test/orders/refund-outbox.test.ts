// A refund that has been decided is owed until the provider takes it. Only Stripe's HTTP is
// replaced (fetch injected, recorded payloads in test/fixtures/stripe); everything else is real.
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { signPayload } from '../../workers/payments/signature';
import { createOrder } from '../../workers/services/orders/checkout';
import { handlePaymentWebhook, refundOrder, retryOwedRefunds, sendOwedRefund } from '../../workers/services/orders/payments';
import { openDb } from '../../workers/storage/db';
import { findOrderRecord } from '../../workers/storage/orders/orders-repo';
import { findRefundRequest, oweRefund } from '../../workers/storage/orders/refunds-repo';
import { TEST_BINDINGS } from '../bindings';
import { orderBody } from '../checkout-helpers';
import { callJson, createProduct, opsToken, uniq } from '../helpers';
import { clone, sessionEventFor } from '../stripe-helpers';
import apiError from '../fixtures/stripe/error-api.json';
import sessionCreated from '../fixtures/stripe/checkout-session-created.json';
import sessionExpired from '../fixtures/stripe/event-checkout-session-expired.json';
import refundUpdated from '../fixtures/stripe/event-refund-updated.json';
import refundFailed from '../fixtures/stripe/event-refund-failed.json';
import chargeRefundFailed from '../fixtures/stripe/event-charge-refund-updated-failed.json';

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

  it('ops retry through the API', async () => {
    const token = await opsToken();
    const r = await callJson('/api/ops/refunds/o_nosuchorder001/retry', { method: 'POST', token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sent: false });
    expect((await callJson('/api/ops/refunds?state=nope', { token })).status).toBe(400);
  });

  it('refunds that keep failing back off and do not hold up newer ones; after 5 asks they are flagged', async () => {
    // The provider refuses every refund but the newest order's.
    let good = '';
    const calls: string[] = [];
    const stripe = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input)).pathname;
      if (path === '/v1/checkout/sessions') return Response.json({ ...clone(sessionCreated), id: `cs_test_${uniq()}` });
      const orderId = new URLSearchParams(String(init?.body)).get('metadata[order_id]')!;
      calls.push(orderId);
      if (orderId !== good) return Response.json(apiError, { status: 500 });
      return Response.json({ ...clone(refundUpdated.data.object), id: `re_${uniq()}`, status: 'pending' });
    }) as typeof fetch;
    const deps = { env: stripeEnv, db: pool.db, fetch: stripe };
    const owedOrder = async () => {
      const p = await createProduct({ stock: 5 });
      const created = await createOrder(deps, { body: orderBody([{ productId: p.id, quantity: 1 }]) as never, idempotencyKey: uniq('idem-'), origin: 'https://pinlink.example' });
      await oweRefund(pool.db, { orderId: created.body.order.id, provider: 'stripe', reason: 'ops_refund', amount: created.body.order.total.amount, providerPaymentId: `pi_${uniq()}` });
      return created.body.order.id;
    };
    const bad = [await owedOrder(), await owedOrder(), await owedOrder()];
    good = await owedOrder();

    // Two places per run: the three older failing rows must not keep both of them.
    for (let run = 0; run < 10 && (await findRefundRequest(pool.db, good))?.state === 'owed'; run++) await retryOwedRefunds(deps, 2);
    expect(await findRefundRequest(pool.db, good)).toMatchObject({ state: 'requested', attempts: 1 });
    for (const id of bad) {
      const row = await findRefundRequest(pool.db, id);
      expect(row).toMatchObject({ state: 'owed', attempts: 1 });
      // Waiting out its backoff: the next run does not ask for it.
      expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    }
    const before = calls.length;
    await retryOwedRefunds(deps, 50);
    expect(calls.slice(before).filter((id) => bad.includes(id))).toEqual([]);

    // Asked for 5 times in all (ops may ask at any time): flagged on the ops list.
    for (let i = 0; i < 4; i++) expect(await sendOwedRefund(deps, bad[0]!)).toBe(false);
    const listed = await callJson('/api/ops/refunds?state=owed&limit=200', { token: await opsToken() });
    const byId = new Map(listed.body.items.map((r: { orderId: string }) => [r.orderId, r]));
    expect(byId.get(bad[0])).toMatchObject({ attempts: 5, flagged: true });
    expect(byId.get(bad[1])).toMatchObject({ attempts: 1, flagged: false });
  });

  it('a refund the provider reports failed is owed again and asked for anew', async () => {
    const keys: string[] = [];
    const stripe = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input)).pathname;
      if (path === '/v1/checkout/sessions') return Response.json({ ...clone(sessionCreated), id: `cs_test_${uniq()}` });
      keys.push(new Headers(init?.headers).get('idempotency-key')!);
      return Response.json({ ...clone(refundUpdated.data.object), id: `re_${uniq()}`, status: 'pending' });
    }) as typeof fetch;
    const deps = { env: stripeEnv, db: pool.db, fetch: stripe };
    const p = await createProduct({ stock: 5 });
    const created = await createOrder(deps, { body: orderBody([{ productId: p.id, quantity: 1 }]) as never, idempotencyKey: uniq('idem-'), origin: 'https://pinlink.example' });
    const id = created.body.order.id;
    const amount = created.body.order.total.amount;
    const fake = { fetch: stripe } as ReturnType<typeof fakeStripe>;
    expect((await deliver(fake, sessionEventFor(id, amount))).outcome).toBe('paid');
    await refundOrder(deps, id);
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'requested', failures: 0 });

    const failedEvent = (fixture: typeof refundFailed | typeof chargeRefundFailed) => {
      const ev = clone(fixture);
      ev.id = `evt_${uniq()}`;
      ev.data.object.metadata = { order_id: id } as never;
      ev.data.object.amount = amount;
      ev.data.object.currency = 'cny';
      return ev;
    };
    expect((await deliver(fake, failedEvent(refundFailed))).outcome).toBe('refund_failed');
    // Owed again, and asked for at once as a new refund (the failed one is spent under its key).
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'requested', failures: 1 });
    expect((await deliver(fake, failedEvent(chargeRefundFailed))).outcome).toBe('refund_failed');
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'requested', failures: 2 });
    expect(keys).toEqual([`pinlink-refund-${id}`, `pinlink-refund-${id}-1`, `pinlink-refund-${id}-2`]);

    const refund = clone(refundUpdated);
    refund.id = `evt_${uniq()}`;
    refund.data.object.metadata = { order_id: id } as never;
    refund.data.object.amount = amount;
    refund.data.object.currency = 'cny';
    expect((await deliver(fake, refund)).outcome).toBe('refunded');
    expect(await findRefundRequest(pool.db, id)).toMatchObject({ state: 'settled' });
    expect((await findOrderRecord(pool.db, id))?.order.status).toBe('refunded');
  });
});
