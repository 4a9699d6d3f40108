// Request and response schemas for the commission ledger, seller earnings and payouts.
import { z } from 'zod';

const MoneyOut = z.object({ amount: z.number().int(), currency: z.literal('CNY') });

export const LedgerPageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CommissionEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['accrue', 'release', 'reverse', 'payout', 'clawback', 'withdraw', 'withdraw_return']),
  orderId: z.string().nullable(),
  level: z.number().int().nullable(),
  payoutId: z.string().nullable(),
  amount: MoneyOut,
  from: z.enum(['pending', 'available']).nullable(),
  createdAt: z.string(),
});

export const CommissionPageSchema = z.object({ items: z.array(CommissionEntrySchema), nextCursor: z.string().nullable() });

export const MyPayoutSchema = z.object({
  payoutId: z.string(),
  amount: MoneyOut,
  status: z.enum(['created', 'paid']),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});

export const MyPayoutPageSchema = z.object({ items: z.array(MyPayoutSchema), nextCursor: z.string().nullable() });

export const PayoutSchema = z.object({
  id: z.string(),
  status: z.enum(['created', 'paid']),
  total: MoneyOut,
  sellerCount: z.number().int(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});

/** One transfer: a withdrawal (batches before withdrawals existed have lines with no withdrawal and no method). */
export const PayoutLineSchema = z.object({
  withdrawalId: z.string().nullable(),
  sellerId: z.string(),
  handle: z.string().nullable(),
  displayName: z.string().nullable(),
  amount: MoneyOut,
  status: z.string().nullable(),
  method: z.object({ kind: z.string(), accountMasked: z.string(), name: z.string() }).nullable(),
});

export const PayoutDetailSchema = z.object({ payout: PayoutSchema, lines: z.array(PayoutLineSchema) });

/** A batch id, optionally with `.csv` for the transfer file. */
export const PayoutFileParam = z.object({
  id: z.string().regex(/^b_[0-9A-Za-z]{6,40}(\.csv)?$/, 'malformed payout id'),
});

export const PayoutIdParam = z.object({ id: z.string().regex(/^b_[0-9A-Za-z]{6,40}$/, 'malformed payout id') });

export const PayoutGetQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const PayoutListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One ledger entry as the ops order page lists it. */
export interface LedgerLine {
  seq: number;
  kind: string;
  sellerId: string;
  handle: string | null;
  level: number | null;
  amount: number;
  createdAt: string;
}
