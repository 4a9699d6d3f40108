// The test provider's Pay / Fail buttons (the /pay/test page), through the same webhook path.
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { signTestEvent } from '../../payments/test-provider';
import { getOrderRecordOrThrow } from './orders';
import { handlePaymentWebhook, type PaymentDeps, type WebhookResult } from './payments';

/** The test provider's Pay / Fail buttons: a signed event through the same webhook path. */
export async function sendTestPaymentEvent(deps: PaymentDeps, orderId: string, outcome: 'pay' | 'fail'): Promise<WebhookResult> {
  const rec = await getOrderRecordOrThrow(deps.db, orderId);
  if (rec.order.paymentProvider !== 'test') throw new ApiError('conflict', 'This order is not paid through the test provider.');
  if (!deps.env.PAYMENT_WEBHOOK_SECRET) throw new ApiError('unavailable', 'PAYMENT_WEBHOOK_SECRET is not configured.');
  const signed = await signTestEvent(deps.env.PAYMENT_WEBHOOK_SECRET, {
    id: newId('e'),
    type: outcome === 'pay' ? 'payment.succeeded' : 'payment.failed',
    orderId,
    amount: { amount: rec.order.totalAmount, currency: 'CNY' },
  });
  return handlePaymentWebhook(deps, 'test', signed.rawBody, signed.headers);
}
