// The Stripe provider against Stripe's documented payloads (test/fixtures/stripe/README.md).
// Only Stripe's HTTP is replaced, by injecting fetch; the Worker, Postgres and Stock objects are real.
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { mapStripeEvent } from '../../workers/payments/stripe';
import { signPayload } from '../../workers/payments/signature';
import { createOrder } from '../../workers/services/orders/checkout';
import { refundOrder } from '../../workers/services/orders/payments';
import { openDb } from '../../workers/storage/db';
import { TEST_BINDINGS } from '../bindings';
import { orderBody } from '../checkout-helpers';
import { callJson, createProduct, uniq } from '../helpers';
import { clone, sessionEventFor } from '../stripe-helpers';
import sessionCreated from '../fixtures/stripe/checkout-session-created.json';
import sessionCompleted from '../fixtures/stripe/event-checkout-session-completed.json';
import sessionExpired from '../fixtures/stripe/event-checkout-session-expired.json';
import refundUpdated from '../fixtures/stripe/event-refund-updated.json';
import idempotencyError from '../fixtures/stripe/error-idempotency.json';

const stripeEnv = { ...(env as unknown as AppEnv), PAYMENT_PROVIDER: 'stripe' } as AppEnv;
const pool = openDb(stripeEnv);
afterAll(async () => {
  await pool.close();
  // The driver reports the closed socket on the next tick; let that log land before teardown.
  await new Promise((r) => setTimeout(r, 200));
});

interface Recorded {
  url: string;
  headers: Headers;
  form: URLSearchParams;
}

function stripeFetch(respond: (r: Recorded) => unknown, calls: Recorded[] = []) {
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const r = { url: String(input), headers: new Headers(init?.headers), form: new URLSearchParams(String(init?.body ?? '')) };
    calls.push(r);
    return Response.json(respond(r));
  }) as typeof fetch;
  return { fetch: f, calls };
}


async function postStripe(event: unknown, opts: { secret?: string; timestamp?: number } = {}) {
  const raw = JSON.stringify(event);
  const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = await signPayload(opts.secret ?? TEST_BINDINGS.STRIPE_WEBHOOK_SECRET, raw, t);
  return callJson('/api/payments/webhook/stripe', { raw, headers: { 'stripe-signature': sig } });
}

async function stripeOrder(quantity = 1) {
  const p = await createProduct({ stock: 5 });
  const session = { ...clone(sessionCreated), id: `cs_test_${uniq()}` };
  const stripe = stripeFetch(() => session);
  const res = await createOrder(
    { env: stripeEnv, db: pool.db, fetch: stripe.fetch },
    { body: orderBody([{ productId: p.id, quantity }]) as never, idempotencyKey: uniq('idem-'), origin: 'https://pinlink.example' },
  );
  return { product: p, res, stripe, session };
}


describe('Stripe provider', () => {
  it('creates a Checkout Session through the REST API and returns its URL', async () => {
    const { res, stripe, session } = await stripeOrder(2);
    expect(res.status).toBe(201);
    expect(res.body.payment).toEqual({ provider: 'stripe', checkoutUrl: session.url });
    expect(stripe.calls).toHaveLength(1);
    const call = stripe.calls[0]!;
    expect(call.url).toBe('https://api.stripe.com/v1/checkout/sessions');
    expect(call.headers.get('authorization')).toBe(`Bearer ${TEST_BINDINGS.STRIPE_SECRET_KEY}`);
    expect(call.headers.get('idempotency-key')).toBe(`pinlink-checkout-${res.body.order.id}`);
    expect(call.form.get('mode')).toBe('payment');
    expect(call.form.get('client_reference_id')).toBe(res.body.order.id);
    expect(call.form.get('line_items[0][price_data][currency]')).toBe('cny');
    expect(call.form.get('line_items[0][price_data][unit_amount]')).toBe('19800');
    expect(call.form.get('success_url')).toContain(`https://pinlink.example/o/${res.body.order.id}?t=`);
    // Stripe's minimum session lifetime is 30 minutes.
    expect(Number(call.form.get('expires_at'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 1800);
  });

  it('checkout.session.completed pays the order; replays do nothing; refund.updated refunds it', async () => {
    const { res, product } = await stripeOrder(1);
    const id = res.body.order.id;
    const ev = sessionEventFor(id, res.body.order.total.amount);
    const paid = await postStripe(ev);
    expect(paid.body).toEqual({ received: true, outcome: 'paid' });
    expect((await postStripe(ev)).body).toEqual({ received: true, outcome: 'duplicate' });
    expect((await callJson(`/api/products/${product.id}`)).body.product.stockAvailable).toBe(4);

    const refundStripe = stripeFetch(() => ({ ...clone(refundUpdated.data.object), status: 'pending' }));
    const afterRequest = await refundOrder({ env: stripeEnv, db: pool.db, fetch: refundStripe.fetch }, id);
    expect(afterRequest.order.status).toBe('paid');
    expect(afterRequest.order.refundRequestedAt).not.toBeNull();
    const call = refundStripe.calls[0]!;
    expect(call.url).toBe('https://api.stripe.com/v1/refunds');
    expect(call.form.get('payment_intent')).toBe(sessionCompleted.data.object.payment_intent);
    expect(call.form.get('metadata[order_id]')).toBe(id);

    const refund = clone(refundUpdated);
    refund.id = `evt_${uniq()}`;
    refund.data.object.metadata = { order_id: id } as never;
    refund.data.object.amount = res.body.order.total.amount;
    refund.data.object.currency = 'cny';
    expect((await postStripe(refund)).body).toEqual({ received: true, outcome: 'refunded' });
    const { db } = pool;
    const { findOrderRecord } = await import('../../workers/storage/orders/orders-repo');
    const rec = await findOrderRecord(db, id);
    expect(rec?.order.status).toBe('refunded');
    expect(rec?.payment?.status).toBe('refunded');
  });

  it('checkout.session.expired cancels the order and frees its stock', async () => {
    const { res, product } = await stripeOrder(3);
    expect((await callJson(`/api/products/${product.id}`)).body.product.stockAvailable).toBe(2);
    const ev = clone(sessionExpired);
    ev.id = `evt_${uniq()}`;
    ev.data.object.client_reference_id = res.body.order.id as never;
    ev.data.object.amount_total = res.body.order.total.amount;
    ev.data.object.currency = 'cny';
    expect((await postStripe(ev)).body.outcome).toBe('cancelled');
    expect((await callJson(`/api/products/${product.id}`)).body.product.stockAvailable).toBe(5);
  });

  it('refuses a bad or stale Stripe-Signature, and test-provider events for Stripe orders', async () => {
    const { res } = await stripeOrder(1);
    const ev = sessionEventFor(res.body.order.id, res.body.order.total.amount);
    expect((await postStripe(ev, { secret: 'whsec_other' })).status).toBe(400);
    expect((await postStripe(ev, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(400);
    expect((await callJson('/api/payments/webhook/stripe', { raw: JSON.stringify(ev) })).status).toBe(400);
    const raw = JSON.stringify({ id: uniq('evt_'), type: 'payment.succeeded', orderId: res.body.order.id, amount: res.body.order.total });
    const sig = await signPayload(TEST_BINDINGS.PAYMENT_WEBHOOK_SECRET, raw, Math.floor(Date.now() / 1000));
    expect((await callJson('/api/payments/webhook/test', { raw, headers: { 'pinlink-signature': sig } })).status).toBe(400);
    expect((await postStripe(ev)).body.outcome).toBe('paid');
  });

  it('acknowledges events it does not act on', async () => {
    expect(mapStripeEvent({ ...clone(sessionCompleted), type: 'customer.created' })).toBeNull();
    // A session not created by Pinlink carries no order id.
    expect(mapStripeEvent(clone(sessionCompleted))).toBeNull();
    const unpaid = clone(sessionCompleted);
    unpaid.data.object.client_reference_id = 'o_someOrder0001' as never;
    unpaid.data.object.payment_status = 'unpaid';
    expect(mapStripeEvent(unpaid)).toBeNull();
    const r = await postStripe({ ...clone(sessionCompleted), id: `evt_${uniq()}`, type: 'customer.created' });
    expect(r.body).toEqual({ received: true, outcome: 'ignored' });
  });

  it('holds the stock for as long as the Checkout Session can be paid, and the session ends with the hold', async () => {
    const { res, stripe, product } = await stripeOrder(1);
    const { findOrderRecord } = await import('../../workers/storage/orders/orders-repo');
    const rec = await findOrderRecord(pool.db, res.body.order.id);
    const holdEnds = rec!.order.reservationExpiresAt.getTime();
    // RESERVATION_TTL_SECONDS is 900 here, but Stripe sessions live at least 30 minutes.
    expect(holdEnds).toBeGreaterThanOrEqual(Date.now() + 34 * 60_000);
    expect(Number(stripe.calls[0]!.form.get('expires_at'))).toBe(Math.floor(holdEnds / 1000));
    expect((await callJson(`/api/products/${product.id}`)).body.product.stockAvailable).toBe(4);
  });

  it('a retried order creation sends Stripe the same parameters under the same idempotency key', async () => {
    const p = await createProduct({ stock: 5 });
    const session = { ...clone(sessionCreated), id: `cs_test_${uniq()}` };
    // Stripe as it behaves: a key remembers its first parameters; other parameters get the
    // recorded idempotency_error; the first call is processed but its answer is lost (timeout).
    const seen = new Map<string, string>();
    const calls: number[] = [];
    const fetchLikeStripe = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const key = new Headers(init?.headers).get('idempotency-key')!;
      const params = String(init?.body);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, params);
        calls.push(0);
        throw new Error('Network connection lost.');
      }
      if (first !== params) {
        calls.push(400);
        return Response.json(idempotencyError, { status: 400 });
      }
      calls.push(200);
      return Response.json(session);
    }) as typeof fetch;
    const input = { body: orderBody([{ productId: p.id, quantity: 1 }]) as never, idempotencyKey: uniq('idem-'), origin: 'https://pinlink.example' };
    const deps = { env: stripeEnv, db: pool.db, fetch: fetchLikeStripe };
    await expect(createOrder(deps, input)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 1100)); // a retry in a later second
    const retried = await createOrder(deps, input);
    expect(retried.status).toBe(201);
    expect(retried.body.payment.checkoutUrl).toBe(session.url);
    expect(calls).toEqual([0, 200]);
  });
});

