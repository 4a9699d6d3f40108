import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema } from '../../../../shared/schemas';
import { listRefunds, REFUND_FLAG_ATTEMPTS, retryOwedRefunds } from '../../../services/orders/payments';
import { retryRefundAsOps } from '../../../services/ops/refunds';
import { REFUND_STATES } from '../../../../shared/orders/order-state';
import { errorResponses, json, newRouter, asOps, guardedErrors } from '../../router';

const RefundRequest = z.object({
  orderId: z.string(),
  /** The after-sale this refund pays; null for a whole-order refund. */
  afterSaleId: z.string().nullable(),
  provider: z.string(),
  reason: z.string(),
  amount: z.object({ amount: z.number().int(), currency: z.literal('CNY') }),
  state: z.enum(REFUND_STATES),
  attempts: z.number().int(),
  /** Accepted refunds the provider later reported failed. */
  failures: z.number().int(),
  lastError: z.string().nullable(),
  /** When an owed refund is next asked for (backoff after failed asks). */
  nextAttemptAt: z.string(),
  /** Asked for REFUND_FLAG_ATTEMPTS times or more without settling: needs a person. */
  flagged: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const list = createRoute({
  method: 'get',
  path: '/api/ops/refunds',
  tags: ['ops'],
  summary: 'List refunds not yet settled',
  operationId: 'listRefunds',
  description:
    'Refunds decided but not yet settled by the provider. `owed`: the provider has not accepted the request yet, or reported the accepted refund failed (retried by the minute job with a per-row backoff, `nextAttemptAt`, on the provider\'s own retries, and by POST …/retry); `requested`: accepted, waiting for its refund event; `settled`: done. `flagged`: asked for 5 times or more without settling, so it needs a person.',
  ...asOps,
  request: { query: z.object({ state: z.enum(REFUND_STATES).default('owed'), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: { 200: json(z.object({ items: z.array(RefundRequest) })), ...guardedErrors },
});

const retryAll = createRoute({
  method: 'post',
  path: '/api/ops/refunds/retry',
  tags: ['ops'],
  summary: 'Retry every owed refund that is due',
  operationId: 'retryOwedRefunds',
  description: 'Asks the provider again for owed refunds whose backoff has run out (50 at most, longest-waiting first).',
  ...asOps,
  responses: { 200: json(z.object({ sent: z.number().int(), stillOwed: z.number().int() })), ...guardedErrors },
});

const retryOne = createRoute({
  method: 'post',
  path: '/api/ops/refunds/{orderId}/retry',
  tags: ['ops'],
  summary: "Retry one order's owed refund",
  operationId: 'retryRefund',
  description: 'Asks the provider again for this order\'s owed refund. `sent: false` when it is not owed (already requested or settled) or the provider refused again.',
  ...asOps,
  request: { params: z.object({ orderId: IdSchema }) },
  responses: { 200: json(z.object({ sent: z.boolean() })), ...guardedErrors, 404: errorResponses[404] },
});

export const opsRefundRoutes = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listRefunds(c.var.db(), q.state, q.limit);
    return c.json(
      {
        items: rows.map((r) => ({
          orderId: r.orderId,
          afterSaleId: r.afterSaleId,
          provider: r.provider,
          reason: r.reason,
          amount: { amount: r.amount, currency: 'CNY' as const },
          state: r.state,
          attempts: r.attempts,
          failures: r.failures,
          lastError: r.lastError,
          nextAttemptAt: r.nextAttemptAt.toISOString(),
          flagged: r.state !== 'settled' && r.attempts >= REFUND_FLAG_ATTEMPTS,
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(retryAll, async (c) => c.json(await retryOwedRefunds({ env: c.env, db: c.var.db() }), 200))
  // Audited when the provider accepts, in the transaction that records it, like the page's form.
  .openapi(retryOne, async (c) => c.json({ sent: await retryRefundAsOps({ env: c.env, db: c.var.db() }, c.var.session!.sub, c.req.valid('param').orderId) }, 200));
