import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema, MoneySchema } from '../../../shared/schemas';
import { decideHeldOrder, listSignals, type HoldDecision } from '../../services/trust/fraud-decisions';
import { FRAUD_SIGNAL_KINDS, FRAUD_SIGNAL_STATES } from '../../../shared/trust/fraud';
import type { Ctx } from '../../middleware';
import type { Context } from 'hono';
import { asOps, errorResponses, guardedErrors, json, newRouter } from '../router';

const Kind = z.enum(FRAUD_SIGNAL_KINDS);
const Signal = z.object({
  id: z.string(),
  kind: Kind,
  state: z.enum(FRAUD_SIGNAL_STATES),
  orderId: z.string().nullable(),
  orderStatus: z.string().nullable(),
  orderTotal: MoneySchema.nullable(),
  sellerId: z.string().nullable(),
  sellerHandle: z.string().nullable(),
  linkId: z.string().nullable(),
  linkCode: z.string().nullable(),
  observed: z.number().int(),
  threshold: z.number().int(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});

const Decision = z.object({
  orderId: z.string(),
  decision: z.enum(['release', 'reverse']),
  signals: z.array(Kind),
  entries: z.array(z.object({ sellerId: z.string(), level: z.number().int(), kind: z.string(), amount: MoneySchema })),
  releasesLater: z.boolean(),
});

const list = createRoute({
  method: 'get',
  path: '/api/ops/signals',
  tags: ['ops'],
  summary: 'List referral fraud signals',
  operationId: 'listFraudSignals',
  description:
    'Referral fraud signals, newest first; pass `nextCursor` as `cursor` for the next page. `open`: an order whose commission is held until ops decide; `observed`: a click spike on a link or a refund burst of a seller (orders through them are held); `released` / `reversed`: decided.',
  ...asOps,
  request: {
    query: z.object({
      state: z.enum(FRAUD_SIGNAL_STATES).optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(Signal), nextCursor: z.string().nullable() })), ...guardedErrors },
});

const decide = (decision: HoldDecision) =>
  createRoute({
    method: 'post',
    path: `/api/ops/signals/orders/{orderId}/${decision}`,
    tags: ['ops'],
    summary: decision === 'release' ? "Release an order's held commission" : "Reverse an order's held commission",
    operationId: decision === 'release' ? 'releaseHeldCommission' : 'reverseHeldCommission',
    description:
      decision === 'release'
        ? 'Lifts the hold on the order\'s commission: a `release` ledger entry now if the order was delivered HOLD_DAYS ago, otherwise the daily job releases it when due (`releasesLater`). Recorded in the audit log. 409 when nothing is held, or when the order is refunded or cancelled (it earns nothing to release).'
        : 'Reverses the order\'s held commission through the ledger: `reverse` out of pending or available, or `clawback` when a payout already settled it. An order that has not accrued yet (a group still filling) writes no entry now and never accrues later. Recorded in the audit log. 409 when nothing is held.',
    ...asOps,
    request: { params: z.object({ orderId: IdSchema }) },
    responses: { 200: json(z.object({ decision: Decision })), ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] },
  });

const actorOf = (c: Context<Ctx>) => c.var.session!.sub;

export const opsSignalRoutes = newRouter()
  .openapi(list, async (c) => c.json(await listSignals(c.var.db(), c.req.valid('query')), 200))
  .openapi(decide('release'), async (c) =>
    c.json({ decision: await decideHeldOrder(c.var.db(), c.env, { orderId: c.req.valid('param').orderId, decision: 'release', actor: actorOf(c) }) }, 200),
  )
  .openapi(decide('reverse'), async (c) =>
    c.json({ decision: await decideHeldOrder(c.var.db(), c.env, { orderId: c.req.valid('param').orderId, decision: 'reverse', actor: actorOf(c) }) }, 200),
  );
