// Stripe Checkout over its REST API with plain fetch (the SDK is not needed for two calls), and
// Stripe-Signature verification over the raw body. Amounts map 1:1: CNY is a two-decimal
// currency in Stripe, so `unit_amount` is in fen like our Money.
import { ApiError } from '../../shared/errors';
import type { Currency } from '../../shared/money';
import type { CheckoutInput, PaymentProvider, ProviderEvent, RefundInput } from './provider';
import { verifySignedPayload } from './signature';

export const STRIPE_API = 'https://api.stripe.com';
export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';
/**
 * Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is created, so
 * holds for Stripe orders last at least this long (reservationTtlSeconds); the 5 minutes over
 * the minimum leave room for a retried order creation to send the same expires_at.
 */
export const STRIPE_MIN_HOLD_SECONDS = 35 * 60;

export interface StripeConfig {
  secretKey?: string;
  webhookSecret?: string;
  fetch?: typeof fetch;
}

function form(params: Record<string, string | number | undefined>): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v));
  return body.toString();
}

interface StripeObject {
  id?: string;
  object?: string;
  amount?: number;
  amount_total?: number;
  currency?: string;
  status?: string;
  payment_status?: string;
  failure_reason?: string | null;
  payment_intent?: string | { id?: string } | null;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
}

function orderIdOf(o: StripeObject): string | undefined {
  return o.client_reference_id ?? o.metadata?.order_id ?? undefined;
}

/** A refund we made for an after-sale carries its id in the metadata. */
function afterSaleOf(o: StripeObject): { afterSaleId?: string } {
  const id = o.metadata?.after_sale_id;
  return id ? { afterSaleId: id } : {};
}

function money(amount: number | undefined, currency: string | undefined): ProviderEvent['amount'] | undefined {
  if (typeof amount !== 'number' || typeof currency !== 'string') return undefined;
  return { amount, currency: currency.toUpperCase() as Currency };
}

/** Maps the Stripe events we act on; everything else is acknowledged and ignored. */
export function mapStripeEvent(event: { id?: string; type?: string; data?: { object?: StripeObject } }): ProviderEvent | null {
  const o = event.data?.object;
  if (!event.id || !event.type || !o) throw new ApiError('invalid_input', 'Not a Stripe event.');
  const orderId = orderIdOf(o);
  if (!orderId) return null; // not created by Pinlink
  const pi = typeof o.payment_intent === 'string' ? o.payment_intent : (o.payment_intent?.id ?? undefined);
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      // A delayed method completes the session unpaid; its async_payment_* event decides later.
      if (o.payment_status !== 'paid' && o.payment_status !== 'no_payment_required') return null;
      const amount = money(o.amount_total, o.currency);
      if (!amount) throw new ApiError('invalid_input', 'The Checkout Session has no amount.');
      return { id: event.id, type: 'payment.succeeded', orderId, amount, providerPaymentId: pi };
    }
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const amount = money(o.amount_total, o.currency);
      if (!amount) throw new ApiError('invalid_input', 'The Checkout Session has no amount.');
      return { id: event.id, type: 'payment.failed', orderId, amount };
    }
    case 'refund.failed':
    case 'refund.created':
    case 'refund.updated':
    case 'charge.refund.updated': {
      if (o.status === 'failed') {
        const amount = money(o.amount, o.currency);
        if (!amount) throw new ApiError('invalid_input', 'The refund has no amount.');
        return { id: event.id, type: 'refund.failed', orderId, amount, providerPaymentId: pi, failureReason: o.failure_reason ?? 'failed', ...afterSaleOf(o) };
      }
      if (o.status !== 'succeeded') return null;
      const amount = money(o.amount, o.currency);
      if (!amount) throw new ApiError('invalid_input', 'The refund has no amount.');
      return { id: event.id, type: 'refund.succeeded', orderId, amount, providerPaymentId: pi, ...afterSaleOf(o) };
    }
    default:
      return null;
  }
}

export function stripeProvider(cfg: StripeConfig): PaymentProvider {
  const doFetch = cfg.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function post(path: string, body: string, idempotencyKey: string): Promise<StripeObject & { url?: string }> {
    if (!cfg.secretKey) throw new ApiError('unavailable', 'Stripe is not configured (STRIPE_SECRET_KEY).');
    const res = await doFetch(`${STRIPE_API}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${cfg.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': idempotencyKey,
      },
      body,
    });
    const json = (await res.json().catch(() => ({}))) as StripeObject & { url?: string; error?: { message?: string } };
    if (!res.ok) {
      console.error(JSON.stringify({ level: 'error', msg: 'stripe request failed', path, status: res.status, stripeError: json.error?.message }));
      throw new ApiError('unavailable', 'The payment provider is unavailable; try again shortly.');
    }
    return json;
  }

  return {
    name: 'stripe',
    async createCheckout(input: CheckoutInput) {
      const orderUrl = new URL(`/o/${input.orderId}`, input.origin);
      orderUrl.searchParams.set('t', input.orderToken);
      // Exactly the reservation's end: the session must not be payable after the stock is let go,
      // and a retry must send the same parameters under the same idempotency key.
      const expiresAt = Math.floor(input.expiresAt / 1000);
      const session = await post(
        '/v1/checkout/sessions',
        form({
          mode: 'payment',
          client_reference_id: input.orderId,
          customer_email: input.buyerEmail,
          success_url: orderUrl.toString(),
          cancel_url: orderUrl.toString(),
          expires_at: expiresAt,
          'line_items[0][quantity]': 1,
          'line_items[0][price_data][currency]': input.total.currency.toLowerCase(),
          'line_items[0][price_data][unit_amount]': input.total.amount,
          'line_items[0][price_data][product_data][name]': input.description,
          'metadata[order_id]': input.orderId,
          'payment_intent_data[metadata][order_id]': input.orderId,
        }),
        `pinlink-checkout-${input.orderId}`,
      );
      if (!session.url || !session.id) throw new ApiError('unavailable', 'The payment provider returned no checkout URL.');
      return { checkoutUrl: session.url, sessionId: session.id };
    },
    async parseWebhook(rawBody: string, headers: Headers, nowSeconds: number) {
      await verifySignedPayload(cfg.webhookSecret, headers.get(STRIPE_SIGNATURE_HEADER), rawBody, nowSeconds);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new ApiError('invalid_input', 'The event body is not JSON.');
      }
      return mapStripeEvent(json as Parameters<typeof mapStripeEvent>[0]);
    },
    async requestRefund(input: RefundInput) {
      if (!input.providerPaymentId) throw new ApiError('conflict', 'No Stripe payment is recorded for this order yet.');
      await post(
        '/v1/refunds',
        form({
          payment_intent: input.providerPaymentId,
          amount: input.amount.amount,
          'metadata[order_id]': input.orderId,
          ...(input.afterSaleId ? { 'metadata[after_sale_id]': input.afterSaleId } : {}),
        }),
        // One key per refund (order or after-sale). A failed refund is spent: asking again under
        // its key would only return it, so each round has its own.
        input.round === 0 ? `pinlink-refund-${input.refundKey}` : `pinlink-refund-${input.refundKey}-${input.round}`,
      );
    },
  };
}
