// The built-in provider for local stacks and tests: its checkout page (/pay/test/:id) has Pay and
// Fail buttons, and refunds settle at once. Its events are signed exactly like a real provider's
// and go through the same verification as anything posted to /api/payments/webhook/test.
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { PaymentEventSchema, type PaymentEvent } from '../../shared/orders/order-schemas';
import type { CheckoutInput, PaymentProvider, ProviderEvent, RefundInput } from './provider';
import { signPayload, verifySignedPayload } from './signature';

export const TEST_SIGNATURE_HEADER = 'pinlink-signature';

/** Hands a signed event to the webhook handler (in-process: a Worker cannot reliably call its own URL). */
export type DeliverSigned = (rawBody: string, headers: Headers) => Promise<unknown>;

export async function signTestEvent(secret: string, event: PaymentEvent, nowSeconds = Math.floor(Date.now() / 1000)) {
  const rawBody = JSON.stringify(event);
  const headers = new Headers({ 'content-type': 'application/json', [TEST_SIGNATURE_HEADER]: await signPayload(secret, rawBody, nowSeconds) });
  return { rawBody, headers };
}

export function testProvider(secret: string | undefined, deliver?: DeliverSigned): PaymentProvider {
  return {
    name: 'test',
    async createCheckout(input: CheckoutInput) {
      const url = new URL(`/pay/test/${input.orderId}`, input.origin);
      url.searchParams.set('t', input.orderToken);
      return { checkoutUrl: url.toString(), sessionId: null };
    },
    async parseWebhook(rawBody: string, headers: Headers, nowSeconds: number): Promise<ProviderEvent> {
      await verifySignedPayload(secret, headers.get(TEST_SIGNATURE_HEADER), rawBody, nowSeconds);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new ApiError('invalid_input', 'The event body is not JSON.');
      }
      const parsed = PaymentEventSchema.safeParse(json);
      if (!parsed.success) throw new ApiError('invalid_input', 'The event does not match { id, type, orderId, amount }.');
      return parsed.data;
    },
    async requestRefund(input: RefundInput) {
      if (!secret || !deliver) throw new ApiError('unavailable', 'The test provider cannot deliver refunds here.');
      const signed = await signTestEvent(secret, {
        id: newId('e'),
        type: 'refund.succeeded',
        orderId: input.orderId,
        amount: input.amount,
        ...(input.afterSaleId ? { afterSaleId: input.afterSaleId } : {}),
      });
      await deliver(signed.rawBody, signed.headers);
    },
  };
}
