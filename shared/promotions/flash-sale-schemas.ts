// Flash sales (秒杀, API.md v3): the API's shapes and the status rule, shared by the Worker and pages.
import { z } from 'zod';
import { IdSchema, MoneySchema } from '../schemas';

export const FLASH_SALE_STATUSES = ['upcoming', 'ongoing', 'sold_out', 'ended'] as const;
export type FlashSaleStatus = (typeof FLASH_SALE_STATUSES)[number];

/** What the FlashSale object keeps and checkout reads: times in epoch milliseconds. */
export interface FlashSaleDefinition {
  id: string;
  productId: string;
  variantId: string | null;
  priceAmount: number;
  quantity: number;
  startsAt: number;
  endsAt: number;
  perBuyer: number | null;
}

/** Upcoming before the start; ongoing until the end, unless nothing is left; ended at and after the end. */
export function flashSaleStatus(sale: Pick<FlashSaleDefinition, 'startsAt' | 'endsAt'>, now: number, remaining: number): FlashSaleStatus {
  if (now >= sale.endsAt) return 'ended';
  if (now < sale.startsAt) return 'upcoming';
  return remaining > 0 ? 'ongoing' : 'sold_out';
}

const Instant = z.string().datetime({ offset: true }).describe('ISO 8601');

export const FlashSaleBody = z
  .object({
    productId: IdSchema,
    variantId: IdSchema.optional().describe('Required when the product has options'),
    price: MoneySchema,
    quantity: z.number().int().min(1).max(100_000),
    startsAt: Instant,
    endsAt: Instant,
    limits: z.object({ perBuyer: z.number().int().min(1).max(999).optional() }).strict().nullable().optional(),
  })
  .strict()
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type FlashSaleCreate = z.infer<typeof FlashSaleBody>;

export const FlashSaleSchema = z.object({
  id: z.string(),
  productId: z.string(),
  variantId: z.string().nullable(),
  price: MoneySchema,
  quantity: z.number().int(),
  remaining: z.number().int().describe('Units still to sell; 0 once ended (the unsold units went back to the product)'),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(FLASH_SALE_STATUSES),
  limits: z.object({ perBuyer: z.number().int().optional() }),
});
export type FlashSaleView = z.infer<typeof FlashSaleSchema>;

/** The ops list adds what only ops need: bookkeeping of the sale's end. */
export const OpsFlashSaleSchema = FlashSaleSchema.extend({
  stoppedAt: z.string().nullable(),
  returned: z.number().int().describe('Unsold units given back to the product so far'),
  settled: z.boolean().describe('Every hold has lapsed or been paid: nothing more can come back'),
});
export type OpsFlashSaleView = z.infer<typeof OpsFlashSaleSchema>;

export const FlashSaleIdParam = z.object({ id: IdSchema });
export const FlashSaleListQuery = z.object({ status: z.enum(FLASH_SALE_STATUSES).optional() });
export const FlashSaleList = z.object({ serverNow: z.string(), items: z.array(FlashSaleSchema) });
export const FlashSaleOne = z.object({ serverNow: z.string(), flashSale: FlashSaleSchema });
