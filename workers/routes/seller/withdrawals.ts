import { createRoute, z } from '@hono/zod-openapi';
import { WithdrawalBalanceSchema, WithdrawalListQuery, WithdrawalRequestBody, WithdrawalSchema } from '../../../shared/program/withdrawal-schemas';
import { getWithdrawalBalance, listMyWithdrawals, requestWithdrawal } from '../../services/program/withdrawals';
import { asSeller, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../router';

const post = createRoute({
  method: 'post',
  path: '/api/me/withdrawals',
  tags: ['program'],
  operationId: 'requestWithdrawal',
  summary: 'Withdraw from the available balance (提现)',
  description:
    'The amount leaves the available balance at once, as a `withdraw` ledger entry, and the withdrawal starts `requested`. ' +
    'fee = amount × feeBps / 10000 rounded down; net = amount − fee (what is transferred). ' +
    'Under the program\'s minAmount → 400 invalid_input. More than the available balance (clawbacks netted) → 409 insufficient_balance. ' +
    'Concurrent requests are serialised per seller and can never together exceed the balance. The account is never shown back whole: responses carry its last four characters.',
  ...asSeller,
  request: { body: jsonBody(WithdrawalRequestBody) },
  responses: { 201: json(z.object({ withdrawal: WithdrawalSchema }), 'Requested'), ...guardedErrors, 409: errorResponses[409] },
});

const list = createRoute({
  method: 'get',
  path: '/api/me/withdrawals',
  tags: ['program'],
  operationId: 'listMyWithdrawals',
  summary: "The caller's withdrawals, newest first, with what can be withdrawn now",
  description:
    '`balance.available` is what can be withdrawn now and is never below zero. When a refund clawed back commission that was already withdrawn, ' +
    'the ledger\'s available balance is negative: it shows here as `owed`, and later commission pays it off before anything can be withdrawn.',
  ...asSeller,
  request: { query: WithdrawalListQuery },
  responses: { 200: json(z.object({ balance: WithdrawalBalanceSchema, items: z.array(WithdrawalSchema), nextCursor: z.string().nullable() })), ...guardedErrors },
});

export const withdrawalRoutes = newRouter()
  .openapi(post, async (c) => c.json({ withdrawal: await requestWithdrawal(c.var.db(), c.var.seller!.id, c.req.valid('json')) }, 201))
  .openapi(list, async (c) => {
    const db = c.var.db();
    const sellerId = c.var.seller!.id;
    const [balance, page] = await Promise.all([getWithdrawalBalance(db, sellerId), listMyWithdrawals(db, sellerId, c.req.valid('query'))]);
    return c.json({ balance, ...page }, 200);
  });
