// Request and response schemas for after-sales (API.md v3, "After-sales (售后)").
import { z } from 'zod';
import { AFTER_SALE_KINDS, AFTER_SALE_STATUSES, type AfterSaleBlock } from './after-sale-state';
import { IdSchema, MoneySchema } from '../schemas';

const line = (max: number) => z.string().trim().min(1).max(max);

export const AfterSaleCreateBody = z.object({
  kind: z.enum(AFTER_SALE_KINDS),
  lines: z
    .array(z.object({ productId: IdSchema, quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(50)
    .refine((ls) => new Set(ls.map((l) => l.productId)).size === ls.length, 'each product at most once'),
  reason: line(200),
  note: line(1000).optional(),
});

export const ReturnShipmentBody = z.object({ carrier: line(60), trackingNumber: line(100) });
export const RejectBody = z.object({ reason: line(500) });

export const AfterSaleStatusSchema = z.enum(AFTER_SALE_STATUSES);

export const AfterSaleSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  kind: z.enum(AFTER_SALE_KINDS),
  lines: z.array(z.object({ productId: z.string(), title: z.string().optional(), quantity: z.number().int(), amount: MoneySchema })),
  amount: MoneySchema,
  status: AfterSaleStatusSchema,
  reason: z.string(),
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  returnShipment: z.object({ carrier: z.string(), trackingNumber: z.string() }).nullable(),
  /** The provider's side of the refund: owed, requested, settled; null until refunded. */
  refund: z.enum(['owed', 'requested', 'settled']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const AfterSaleResponse = z.object({ afterSale: AfterSaleSchema });
export const AfterSaleList = z.object({ items: z.array(AfterSaleSchema) });
export const OpsAfterSaleListQuery = z.object({
  status: AfterSaleStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AfterSaleView = z.infer<typeof AfterSaleSchema>;
export type AfterSaleCreate = z.infer<typeof AfterSaleCreateBody>;

/** What the buyer's pages show of an order's after-sales, and why it can't take one now. */
export interface AfterSalePanel {
  orderId: string;
  afterSales: AfterSaleView[];
  refundedAmount: { amount: number; currency: 'CNY' };
  returnDays: number;
  /** The return window's last moment, once delivered. */
  returnUntil: string | null;
  block: { refund: AfterSaleBlock | null; return: AfterSaleBlock | null };
  lines: { productId: string; title: string; quantity: number; left: number }[];
}
