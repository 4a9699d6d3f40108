// Seller codes, levels and the seller's program standing (API.md v3, "The distribution program").
import { z } from 'zod';
import { MoneySchema } from '../schemas';

/** 4–16 letters and digits; any case is accepted and the code is kept upper-case. */
export const SellerCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{4,16}$/, 'code is 4–16 characters of A-Z and 0-9')
  .transform((s) => s.toUpperCase());

export const SellerCodeBody = z.object({ code: SellerCodeSchema });
export const SellerCodeCreated = z.object({ code: z.string(), percentOff: z.number().int() });
export const SellerCodeList = z.object({
  percentOff: z.number().int(),
  maxDiscount: MoneySchema.optional(),
  items: z.array(z.object({ code: z.string(), active: z.boolean(), createdAt: z.string() })),
});

export const LevelUpgradeSchema = z
  .object({
    paidOrders: z.number().int().min(1).max(1_000_000).optional(),
    sales: MoneySchema.optional(),
    invitees: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

export const LevelBody = z.object({
  name: z.string().trim().min(1).max(40),
  rank: z.number().int().min(1).max(10),
  boostBps: z.number().int().min(0).max(10_000),
  upgrade: LevelUpgradeSchema.default({}),
});

export const LevelSchema = z.object({
  id: z.string(),
  name: z.string(),
  rank: z.number().int(),
  boostBps: z.number().int(),
  upgrade: LevelUpgradeSchema,
  createdAt: z.string(),
});

export const SellerLevelBody = z.object({ levelId: z.string().min(1).max(60).nullable() });
export const SellerIdParam = z.object({ id: z.string().min(1).max(60) });

/** What is still missing for the next level: only the conditions not met yet, as remaining amounts. */
export const LevelNextSchema = z.object({
  name: z.string(),
  rank: z.number().int(),
  boostBps: z.number().int(),
  missing: z.object({ paidOrders: z.number().int().optional(), sales: MoneySchema.optional(), invitees: z.number().int().optional() }),
});

export const SellerLevelStanding = z.object({
  name: z.string().nullable(),
  rank: z.number().int(),
  boostBps: z.number().int(),
  next: LevelNextSchema.optional(),
});

export type LevelCreate = z.infer<typeof LevelBody>;
export type LevelView = z.infer<typeof LevelSchema>;
export type LevelStanding = z.infer<typeof SellerLevelStanding>;
