import { createRoute, z } from '@hono/zod-openapi';
import { handlePaymentWebhook } from '../../services/orders/payments';
import { errorResponses, isPublic, json, newRouter } from '../router';

const WebhookResult = z.object({ received: z.literal(true), outcome: z.string() });

// No body schema on purpose: the signature covers the raw bytes, so the handler reads them untouched.
const webhook = (provider: 'test' | 'stripe', description: string) =>
  createRoute({
    method: 'post',
    path: `/api/payments/webhook/${provider}`,
    tags: ['payments'],
    summary: `Receive a ${provider === 'stripe' ? 'Stripe' : 'test provider'} payment event`,
    operationId: provider === 'stripe' ? 'receiveStripeEvent' : 'receiveTestPaymentEvent',
    description,
    // No bearer token: the provider signs the body instead, and a bad signature is 400.
    ...isPublic,
    responses: {
      200: json(WebhookResult, 'Applied, replayed (no second effect) or ignored'),
      400: errorResponses[400],
      404: errorResponses[404],
      409: { description: 'Depends on an event not processed yet; the provider retries', content: errorResponses[409].content },
    },
  });

const testHook = webhook(
  'test',
  'The test provider\'s events { id, type, orderId, amount }, signed with header Pinlink-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.rawBody" with PAYMENT_WEBHOOK_SECRET>; 300 s tolerance.',
);
const stripeHook = webhook('stripe', 'Stripe events (checkout.session.*, refund.*), verified with Stripe-Signature and STRIPE_WEBHOOK_SECRET; 300 s tolerance.');

export const paymentRoutes = newRouter()
  .openapi(testHook, async (c) =>
    c.json(await handlePaymentWebhook({ env: c.env, db: c.var.db() }, 'test', await c.req.text(), c.req.raw.headers), 200),
  )
  .openapi(stripeHook, async (c) =>
    c.json(await handlePaymentWebhook({ env: c.env, db: c.var.db() }, 'stripe', await c.req.text(), c.req.raw.headers), 200),
  );
