import { createRoute, z } from '@hono/zod-openapi';
import { OpsWithdrawalListQuery, OpsWithdrawalSchema, ReasonBody, ReferenceBody, WithdrawalIdParam } from '../../../../shared/program/withdrawal-schemas';
import { listWithdrawalsQueue, moveWithdrawal } from '../../../services/program/withdrawals';
import { asOps, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../../router';

const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };
const one = json(z.object({ withdrawal: OpsWithdrawalSchema }));

const list = createRoute({
  method: 'get',
  path: '/api/ops/withdrawals',
  tags: ['ops'],
  operationId: 'listWithdrawals',
  summary: 'The withdrawal queue, newest first, optionally by status',
  ...asOps,
  request: { query: OpsWithdrawalListQuery },
  responses: { 200: json(z.object({ items: z.array(OpsWithdrawalSchema), nextCursor: z.string().nullable() })), ...opsErrors },
});

const stepRoute = (action: string, operationId: string, summary: string, description: string) => ({
  method: 'post' as const,
  path: `/api/ops/withdrawals/{id}/${action}`,
  tags: ['ops'],
  operationId,
  summary,
  description: `${description} Audited. Any other state → 409 conflict.`,
  ...asOps,
  responses: { 200: one, ...opsErrors },
});

const approve = createRoute({
  ...stepRoute('approve', 'approveWithdrawal', 'Approve a requested withdrawal', 'requested → approved: it joins the next payout batch (the transfer file).'),
  request: { params: WithdrawalIdParam },
});
const reject = createRoute({
  ...stepRoute('reject', 'rejectWithdrawal', 'Reject a requested withdrawal', 'requested → rejected { reason }: the amount returns to the available balance (a `withdraw_return` entry).'),
  request: { params: WithdrawalIdParam, body: jsonBody(ReasonBody) },
});
const markPaid = createRoute({
  ...stepRoute('mark-paid', 'markWithdrawalPaid', 'Mark an approved withdrawal paid', 'approved → paid { reference } once the transfer went out.'),
  request: { params: WithdrawalIdParam, body: jsonBody(ReferenceBody) },
});
const fail = createRoute({
  ...stepRoute('fail', 'failWithdrawal', 'Record that the transfer failed', 'approved → failed { reason }: the amount returns to the available balance (a `withdraw_return` entry).'),
  request: { params: WithdrawalIdParam, body: jsonBody(ReasonBody) },
});

const actor = (c: { var: { session?: { sub: string } } }) => c.var.session!.sub;

export const opsWithdrawalRoutes = newRouter()
  .openapi(list, async (c) => c.json(await listWithdrawalsQueue(c.var.db(), c.req.valid('query')), 200))
  .openapi(approve, async (c) => c.json({ withdrawal: await moveWithdrawal(c.var.db(), actor(c), c.req.valid('param').id, 'approve') }, 200))
  .openapi(reject, async (c) => c.json({ withdrawal: await moveWithdrawal(c.var.db(), actor(c), c.req.valid('param').id, 'reject', c.req.valid('json')) }, 200))
  .openapi(markPaid, async (c) => c.json({ withdrawal: await moveWithdrawal(c.var.db(), actor(c), c.req.valid('param').id, 'mark-paid', c.req.valid('json')) }, 200))
  .openapi(fail, async (c) => c.json({ withdrawal: await moveWithdrawal(c.var.db(), actor(c), c.req.valid('param').id, 'fail', c.req.valid('json')) }, 200));
