// Request and response schemas shared by the Worker (validation + OpenAPI) and web/.
import { z } from 'zod';
import { MAX_OPTIONS, MAX_VALUES, MAX_VARIANTS } from './catalog/variants';

export const MoneySchema = z
  .object({
    amount: z.number().int().min(0).max(1_000_000_000),
    currency: z.literal('CNY'),
  })
  .strict();

export const IdSchema = z.string().regex(/^[a-z]_[0-9A-Za-z]{6,40}$/, 'malformed id');

export const HandleSchema = z.string().regex(/^[a-z0-9_]{3,30}$/, 'handle is 3–30 characters of a-z, 0-9 and _');

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .email()
  .transform((s) => s.toLowerCase());

const ImageUrl = z.string().max(2000).refine((s) => s.startsWith('/') || /^https:\/\//.test(s), 'image must be https:// or a site path');

export const GroupOfferInput = z.object({
  size: z.number().int().min(2).max(50),
  price: MoneySchema,
  durationMinutes: z.number().int().min(5).max(60 * 24 * 14),
  autoFillPercent: z.number().int().min(1).max(100).nullable().optional(),
  // 团长价: what the buyer who opens a group pays; at most the group price (checked with it).
  leaderPrice: MoneySchema.nullable().optional(),
});

/** 限购 (API.md v3 "Purchase limits"): per order and per buyer email, all variants together. */
export const LimitsSchema = z
  .object({ perOrder: z.number().int().min(1).max(99).optional(), perBuyer: z.number().int().min(1).max(999).optional() })
  .strict();
export type Limits = z.infer<typeof LimitsSchema>;
// 砍价 (API.md v3 "Bargains"): the floor is checked against the price in the catalog (floor < price,
// and 0.01 per helper between them: shared/promotions/bargain-cut.ts).
export const BargainOfferInput = z.object({
  floorPrice: MoneySchema,
  helpersNeeded: z.number().int().min(2).max(50),
  durationHours: z.number().int().min(1).max(72),
});

export const CommissionInput = z.object({
  level1Bps: z.number().int().min(0).max(5000),
  level2Bps: z.number().int().min(0).max(5000),
});

const StockAmount = z.number().int().min(0).max(10_000_000);
const StockDelta = z.number().int().min(-10_000_000).max(10_000_000);
const OptionText = z.string().trim().min(1).max(40);

export const ProductOptionSchema = z.object({
  name: OptionText,
  values: z.array(OptionText).min(1).max(MAX_VALUES),
});

/**
 * One variant in a create or change. Without `id` it is new, or the variant already listed with
 * the same combination. `stock` is absolute; `stockDelta` (existing variants only) adds to it.
 */
export const VariantInput = z
  .object({
    id: IdSchema.optional(),
    sku: z.string().trim().max(64).nullable().optional(),
    options: z.record(OptionText, OptionText),
    price: MoneySchema,
    stock: StockAmount.optional(),
    stockDelta: StockDelta.optional(),
    image: ImageUrl.nullable().optional(),
    groupPrice: MoneySchema.nullable().optional(),
    leaderPrice: MoneySchema.nullable().optional(),
  })
  .refine((v) => !(v.stock !== undefined && v.stockDelta !== undefined), 'send either stock or stockDelta, not both');

const productFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  category: z.string().trim().min(1).max(60),
  images: z.array(ImageUrl).max(12),
  price: MoneySchema,
  stock: StockAmount,
  commission: CommissionInput,
  groupBuy: GroupOfferInput.nullable().optional(),
  bargain: BargainOfferInput.nullable().optional(),
  // 规格: with options, the variants carry price and stock, and the product's are derived from them.
  options: z.array(ProductOptionSchema).max(MAX_OPTIONS).optional(),
  variants: z.array(VariantInput).max(MAX_VARIANTS).optional(),
  limits: LimitsSchema.nullable().optional(),
};

const hasVariants = (b: { options?: unknown[] }) => (b.options?.length ?? 0) > 0;

export const ProductCreateBody = z
  .object({ ...productFields, price: MoneySchema.optional(), stock: StockAmount.optional() })
  .refine((b) => hasVariants(b) || (b.price !== undefined && b.stock !== undefined), {
    message: 'price and stock are required for a product without options',
    path: ['price'],
  });

/**
 * PATCH semantics: every field is optional. `stock` sets the total on sale
 * (absolute); `stockDelta` adds to (or, negative, removes from) it. Not both.
 * `groupBuy: null` removes the group offer. `variants` lists every variant the product keeps.
 */
export const ProductPatchBody = z
  .object(productFields)
  .partial()
  .extend({
    stockDelta: StockDelta.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => !(b.stock !== undefined && b.stockDelta !== undefined), 'send either stock or stockDelta, not both');

export const OpenGroupSummary = z.object({
  id: z.string(),
  members: z.number().int(),
  size: z.number().int(),
  expiresAt: z.string(),
});

/** A variant as the API shows it. A product without options has one, with the product's own id. */
export const VariantSchema = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  options: z.record(z.string(), z.string()),
  price: MoneySchema,
  stock: z.number().int(),
  stockAvailable: z.number().int(),
  image: z.string().nullable(),
  groupPrice: MoneySchema.optional(),
  leaderPrice: MoneySchema.optional(),
});

export const ProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  images: z.array(z.string()),
  /** With variants, the lowest variant price. */
  price: MoneySchema,
  priceRange: z.object({ min: MoneySchema, max: MoneySchema }),
  options: z.array(ProductOptionSchema),
  variants: z.array(VariantSchema),
  stock: z.number().int(),
  stockAvailable: z.number().int(),
  commission: CommissionInput,
  groupBuy: z
    .object({ size: z.number().int(), price: MoneySchema, durationMinutes: z.number().int(), autoFillPercent: z.number().int().nullable(), leaderPrice: MoneySchema.optional() })
    .nullable(),
  // Optional in the type only: snapshots written before limits existed lack it (read as none).
  limits: LimitsSchema.nullable().optional(),
  openGroups: z.array(OpenGroupSummary).optional(),
  bargain: BargainOfferInput.nullable().optional(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ProductListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  category: z.string().max(60).optional(),
});

export const StorefrontBody = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  bio: z.string().max(500).optional(),
  avatarUrl: ImageUrl.nullable().optional(),
  focusCategory: z.string().trim().max(60).nullable().optional(),
  productIds: z.array(IdSchema).max(60).optional(),
  // Picks with the seller's experience notes (体验分享), in place of productIds.
  picks: z
    .array(z.object({ productId: IdSchema, note: z.string().trim().max(500).optional() }))
    .max(60)
    .optional(),
}).refine((b) => !(b.productIds && b.picks), { message: 'send productIds or picks, not both', path: ['picks'] });

export const StorefrontSchema = z.object({
  handle: z.string(),
  displayName: z.string(),
  bio: z.string(),
  avatarUrl: z.string().nullable(),
  focusCategory: z.string().nullable(),
  productIds: z.array(z.string()),
});

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type Product = z.infer<typeof ProductSchema>;
export type ProductCreate = z.infer<typeof ProductCreateBody>;
export type ProductPatch = z.infer<typeof ProductPatchBody>;
export type Variant = z.infer<typeof VariantSchema>;
export type VariantIn = z.infer<typeof VariantInput>;
export type Storefront = z.infer<typeof StorefrontSchema>;
/** A storefront as cached and rendered: the public fields plus what only its pages show. */
export interface StorefrontSnapshot extends Storefront {
  sellerId: string;
  followers?: number;
  /** The seller's experience notes by product id. */
  notes?: Record<string, string>;
}
export type StorefrontUpdate = z.infer<typeof StorefrontBody>;

// ---- links, stats, network ----

export const ChannelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/, 'channel is a tag of 1–32 characters: a-z, 0-9, _ . -');

export const LinkCreateBody = z
  .object({
    productId: IdSchema.optional(),
    groupId: IdSchema.refine((s) => s.startsWith('g_'), 'groupId must be a group id (g_...)').optional(),
    channel: ChannelSchema.optional(),
  })
  .refine((b) => !(b.productId && b.groupId), 'send productId or groupId, not both');

export const LinkCodeSchema = z.string().regex(/^[0-9A-Za-z]{7,16}$/, 'malformed link code');

export const LinkCreated = z.object({ id: z.string(), code: z.string(), url: z.string(), qrSvgUrl: z.string() });

export const LinkSchema = LinkCreated.extend({
  kind: z.enum(['storefront', 'product', 'group']),
  productId: z.string().nullable(),
  groupId: z.string().nullable(),
  channel: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  clicks: z.number().int(),
  uniqueVisitors: z.number().int(),
  botClicks: z.number().int(),
});

export const StatsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

const MoneyOut = z.object({ amount: z.number().int(), currency: z.literal('CNY') });

export const StatsSchema = z.object({
  clicks: z.number().int(),
  uniqueVisitors: z.number().int(),
  orders: z.number().int(),
  conversionRate: z.number(),
  earnings: z.object({ pending: MoneyOut, available: MoneyOut, paid: MoneyOut, reversed: MoneyOut }),
  botClicks: z.number().int(),
  byDay: z.array(z.object({ day: z.string(), clicks: z.number().int(), uniqueVisitors: z.number().int(), botClicks: z.number().int() })),
  byChannel: z.array(z.object({ channel: z.string(), clicks: z.number().int(), uniqueVisitors: z.number().int() })),
  /** Paid orders by the channel that brought them; `group_share` = joins from a shared group page. */
  ordersByChannel: z.array(z.object({ channel: z.string(), orders: z.number().int() })),
  byDevice: z.array(z.object({ device: z.string(), clicks: z.number().int() })),
  byCountry: z.array(z.object({ country: z.string(), clicks: z.number().int() })),
});

export const NetworkQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(2000),
});

export const NetworkSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), handle: z.string(), depth: z.number().int() })),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
  truncated: z.boolean(),
});

export type LinkCreate = z.infer<typeof LinkCreateBody>;
export type Link = z.infer<typeof LinkSchema>;
export type Stats = z.infer<typeof StatsSchema>;
export type Network = z.infer<typeof NetworkSchema>;
