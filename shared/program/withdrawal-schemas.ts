// Request and response schemas of withdrawals (提现), API.md v3 "The distribution program".
import { z } from 'zod';
import { MoneySchema } from '../schemas';
import { WITHDRAWAL_STATES } from './withdrawal-state';

const MoneyOut = z.object({ amount: z.number().int(), currency: z.literal('CNY') });

export const WITHDRAWAL_METHOD_KINDS = ['alipay', 'wechat', 'bank'] as const;
export type WithdrawalMethodKind = (typeof WITHDRAWAL_METHOD_KINDS)[number];

export const WithdrawalRequestBody = z.object({
  amount: MoneySchema.refine((m) => m.amount > 0, 'amount must be positive'),
  method: z
    .object({
      kind: z.enum(WITHDRAWAL_METHOD_KINDS),
      // An Alipay login, a WeChat id or a bank card number: printable, no control characters.
      account: z.string().trim().min(4).max(64).regex(/^[\p{L}\p{N}@._+\- ]+$/u, 'account has characters no payment account has'),
      name: z.string().trim().min(1).max(60),
    })
    .strict(),
});
export type WithdrawalRequest = z.infer<typeof WithdrawalRequestBody>;

export const WithdrawalSchema = z.object({
  id: z.string(),
  amount: MoneyOut,
  fee: MoneyOut,
  net: MoneyOut,
  status: z.enum(WITHDRAWAL_STATES),
  // Never the whole account number: the last four characters (`****1234`).
  method: z.object({ kind: z.enum(WITHDRAWAL_METHOD_KINDS), accountMasked: z.string(), name: z.string() }),
  reason: z.string().nullable(),
  reference: z.string().nullable(),
  payoutId: z.string().nullable(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type WithdrawalView = z.infer<typeof WithdrawalSchema>;

export const OpsWithdrawalSchema = WithdrawalSchema.extend({
  seller: z.object({ id: z.string(), handle: z.string().nullable(), displayName: z.string().nullable() }),
});
export type OpsWithdrawalView = z.infer<typeof OpsWithdrawalSchema>;

export const WithdrawalBalanceSchema = z.object({
  // What can be withdrawn now: never below zero.
  available: MoneyOut,
  // Clawback debt (a refund after money was withdrawn), netted against the next withdrawal.
  owed: MoneyOut,
  minAmount: MoneyOut,
  feeBps: z.number().int(),
});
export type WithdrawalBalance = z.infer<typeof WithdrawalBalanceSchema>;

export const WithdrawalListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const OpsWithdrawalListQuery = WithdrawalListQuery.extend({ status: z.enum(WITHDRAWAL_STATES).optional() });

export const WithdrawalIdParam = z.object({ id: z.string().regex(/^w_[0-9A-Za-z]{6,40}$/, 'malformed withdrawal id') });

export const ReasonBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const ReferenceBody = z.object({ reference: z.string().trim().min(1).max(120) });
