import { createRoute, z } from '@hono/zod-openapi';
import { PayoutDetailSchema, PayoutFileParam, PayoutGetQuery, PayoutIdParam, PayoutListQuery, PayoutSchema } from '../../../../shared/ledger/ledger-schemas';
import { createPayoutBatch, exportPayoutCsv, getPayoutOrThrow, listPayouts, markPayoutPaid } from '../../../services/program/payout-batches';
import { csvCell } from '../../../services/orders/orders';
import { errorResponses, json, newRouter, asOps, guardedErrors } from '../../router';

const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const create = createRoute({
  method: 'post',
  path: '/api/ops/payouts',
  tags: ['ops'],
  operationId: 'createPayout',
  summary: 'Batch the approved withdrawals into one transfer file',
  description:
    'Takes every approved withdrawal not yet in a batch (up to 500) into one batch, to be paid with one transfer file. ' +
    'It moves no ledger money: each withdrawal left the balance when it was requested. Concurrent calls never put a withdrawal in two batches. ' +
    '409 conflict when no approved withdrawal is waiting (no empty batches).',
  ...asOps,
  responses: { 201: json(PayoutDetailSchema, 'Created'), ...opsErrors },
});

const list = createRoute({
  method: 'get',
  path: '/api/ops/payouts',
  tags: ['ops'],
  operationId: 'listPayouts',
  summary: 'Payout batches, newest first',
  ...asOps,
  request: { query: PayoutListQuery },
  responses: { 200: json(z.object({ items: z.array(PayoutSchema), nextCursor: z.string().nullable() })), ...opsErrors },
});

const get = createRoute({
  method: 'get',
  path: '/api/ops/payouts/{id}',
  tags: ['ops'],
  operationId: 'getPayout',
  summary: 'A payout batch with its transfer lines (one per withdrawal)',
  description:
    'The JSON shows each account masked to its last four characters. `/api/ops/payouts/{id}.csv` or `?format=csv` returns the transfer file for the bank, WeChat Pay or Alipay, ' +
    'with the whole account: payout_id, withdrawal_id, seller_id, handle, method, account, account_name, amount (yuan, the net after the fee), amount_minor (fen), currency. ' +
    'Cells a spreadsheet would run as a formula are prefixed with \'.',
  ...asOps,
  request: { params: PayoutFileParam, query: PayoutGetQuery },
  responses: {
    200: { description: 'OK', content: { 'application/json': { schema: PayoutDetailSchema }, 'text/csv': { schema: z.string() } } },
    ...opsErrors,
  },
});

const markPaid = createRoute({
  method: 'post',
  path: '/api/ops/payouts/{id}/mark-paid',
  tags: ['ops'],
  operationId: 'markPayoutPaid',
  summary: 'Mark a batch paid once the transfers went out',
  description: 'created → paid, and each of its withdrawals still approved → paid (reference `payout:<id>`), each audited. Repeating it answers the batch as it is (paidAt stays the first time).',
  ...asOps,
  request: { params: PayoutIdParam },
  responses: { 200: json(z.object({ payout: PayoutSchema })), ...opsErrors },
});

export const payoutRoutes = newRouter()
  .openapi(create, async (c) => c.json(await createPayoutBatch(c.var.db(), c.var.session?.sub), 201))
  .openapi(list, async (c) => c.json(await listPayouts(c.var.db(), c.req.valid('query')), 200))
  .openapi(get, async (c) => {
    const raw = c.req.valid('param').id;
    const id = raw.replace(/\.csv$/, '');
    if (raw.endsWith('.csv') || c.req.valid('query').format === 'csv') {
      const text = await exportPayoutCsv(c.var.db(), id, csvCell);
      return new Response(text, {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="payout-${id}.csv"` },
      });
    }
    return c.json(await getPayoutOrThrow(c.var.db(), id), 200);
  })
  .openapi(markPaid, async (c) => c.json({ payout: await markPayoutPaid(c.var.db(), c.req.valid('param').id, new Date(), c.var.session?.sub) }, 200));
