import type { Money } from '../../shared/money';

export const PROVIDER_NAMES = ['test', 'stripe'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];
export const isProviderName = (v: unknown): v is ProviderName => typeof v === 'string' && (PROVIDER_NAMES as readonly string[]).includes(v);

/** A provider's webhook, reduced to what the order lifecycle needs. */
export interface ProviderEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';
  /** For refund.failed: the provider's reason (Stripe's failure_reason). */
  failureReason?: string;
  orderId: string;
  amount: Money;
  /** The id a refund is later made against (Stripe: the PaymentIntent). */
  providerPaymentId?: string;
  /** Refund events: the after-sale the refund paid, when it was one (else a whole-order refund). */
  afterSaleId?: string;
}

export interface CheckoutInput {
  orderId: string;
  orderToken: string;
  total: Money;
  buyerEmail: string;
  description: string;
  /** Absolute origin of this deployment, for return URLs. */
  origin: string;
  /** Unix ms when the stock reservation runs out. */
  expiresAt: number;
}

export interface RefundInput {
  orderId: string;
  /** One idempotency key per refund: the after-sale's id, or the order's for a whole-order refund. */
  refundKey: string;
  afterSaleId?: string | null;
  amount: Money;
  providerPaymentId: string | null;
  /** How many times an accepted refund of this order failed later: each failure asks for a new refund. */
  round: number;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createCheckout(input: CheckoutInput): Promise<{ checkoutUrl: string; sessionId: string | null }>;
  /** Verifies the signature over the raw body and maps the event; null for event types that need no action. */
  parseWebhook(rawBody: string, headers: Headers, nowSeconds: number): Promise<ProviderEvent | null>;
  /** Asks for a refund (the whole order, or an after-sale's lines); the refund settles when the provider's refund event arrives. */
  requestRefund(input: RefundInput): Promise<void>;
}
