// The distribution program's settings (API.md v3, "The distribution program"): one document,
// read by enrollment, binding, seller codes and withdrawals, written by ops with PUT.
import { z } from 'zod';
import { MoneySchema } from '../schemas';

export const ENROLLMENT_MODES = ['open', 'approval', 'after_spend'] as const;
export const BINDING_MODES = ['first', 'latest', 'new_buyers_only'] as const;
export const SELLER_APPROVAL_STATES = ['approved', 'pending', 'rejected'] as const;
export type SellerApprovalState = (typeof SELLER_APPROVAL_STATES)[number];

export const ProgramSettingsSchema = z
  .object({
    enrollment: z.enum(ENROLLMENT_MODES),
    spendThreshold: MoneySchema.optional(),
    binding: z.object({
      mode: z.enum(BINDING_MODES),
      days: z.number().int().min(1).max(3650).nullable(),
    }),
    withdrawals: z.object({
      minAmount: MoneySchema,
      feeBps: z.number().int().min(0).max(2000),
    }),
    codes: z.object({
      percentOff: z.number().int().min(0).max(50),
      maxDiscount: MoneySchema.optional(),
    }),
  })
  .refine((s) => s.enrollment !== 'after_spend' || s.spendThreshold !== undefined, {
    message: 'spendThreshold is required when enrollment is after_spend',
    path: ['spendThreshold'],
  });

export type ProgramSettings = z.infer<typeof ProgramSettingsSchema>;

/**
 * What a fresh store runs with until ops change it: anyone may sell, a buyer stays with the
 * seller who last brought them for 30 days, withdrawals from ¥10 with no fee, codes give 5%.
 */
export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
  enrollment: 'open',
  binding: { mode: 'latest', days: 30 },
  withdrawals: { minAmount: { amount: 1000, currency: 'CNY' }, feeBps: 0 },
  codes: { percentOff: 5 },
};
