// Request and response schemas for orders, payments and ops order actions (API.md "Orders and payments").
import { z } from 'zod';
import { ORDER_STATUSES } from './order-state';
import { EmailSchema, IdSchema, MoneySchema } from '../schemas';

const line = (max: number) => z.string().trim().min(1).max(max);

export const OrderItemInput = z.object({
  productId: IdSchema,
  // Required when the product has options; a product without them may name its own id (its default variant).
  variantId: IdSchema.optional(),
  quantity: z.number().int().min(1).max(99),
});

export const ShippingAddressInput = z.object({
  name: line(100),
  line1: line(300),
  city: line(100),
  postalCode: z.string().trim().min(2).max(20),
  country: line(60),
  phone: z.string().trim().min(3).max(40).optional(),
});

export const OrderCreateBody = z.object({
  items: z
    .array(OrderItemInput)
    .min(1)
    .max(20)
    .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, 'each productId may appear once; use quantity'),
  buyer: z.object({ email: EmailSchema, name: line(100) }),
  shippingAddress: ShippingAddressInput,
  ref: z.string().max(2000).optional(),
  // A seller code (推广码), any case; plain orders only. An unknown one is 409 coupon_not_applicable.
  promoCode: z.string().trim().min(1).max(32).optional(),
  group: z.union([z.object({ open: z.literal(true) }), z.object({ join: IdSchema })]).optional(),
  // Promotions (API.md v3): a claimed coupon (the signed-in buyer's own), a flash sale's id, or a
  // bargain's id. One discount per order: see assertOneDiscount.
  coupon: IdSchema.optional(),
  flashSale: IdSchema.optional(),
  bargain: IdSchema.optional(),
});

/**
 * One discount per order: a coupon, a flash-sale price, a bargain price, a group price and a
 * seller code never stack. A coupon beside another discount is 409 coupon_not_applicable (the
 * contract's answer for a coupon); two of the others named together is a malformed request (400),
 * as a code with a group always was.
 */
export function discountConflict(body: Pick<OrderCreate, 'coupon' | 'promoCode' | 'flashSale' | 'bargain' | 'group'>): { code: 'coupon_not_applicable' | 'invalid_input'; message: string } | null {
  const named = (['coupon', 'promoCode', 'flashSale', 'bargain', 'group'] as const).filter((k) => body[k] !== undefined);
  if (named.length <= 1) return null;
  const code = named.includes('coupon') ? 'coupon_not_applicable' : 'invalid_input';
  return { code, message: `One discount per order: ${named.join(' and ')} cannot be used together.` };
}

export const OptionalIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key is 1–200 printable ASCII characters')
    .optional(),
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ message: 'the Idempotency-Key header is required' })
    .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key is 1–200 printable ASCII characters'),
});

export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const OrderCreated = z.object({
  order: z.object({
    id: z.string(),
    status: z.literal('pending_payment'),
    total: MoneySchema,
    subtotal: MoneySchema.optional(),
    discount: MoneySchema.optional(),
    groupId: z.string().optional(),
  }),
  orderToken: z.string(),
  payment: z.object({ provider: z.string(), checkoutUrl: z.string() }),
});

export const TimelineEntry = z.object({ status: OrderStatusSchema, at: z.string() });

export const OrderSchema = z.object({
  id: z.string(),
  status: OrderStatusSchema,
  total: MoneySchema,
  subtotal: MoneySchema,
  discount: MoneySchema,
  groupId: z.string().optional(),
  items: z.array(
    z.object({ productId: z.string(), variantId: z.string().nullable().optional(), title: z.string(), quantity: z.number().int(), unitPrice: MoneySchema, payAmount: MoneySchema }),
  ),
  buyer: z.object({ email: z.string(), name: z.string() }),
  shippingAddress: ShippingAddressInput,
  attribution: z
    .object({
      sellerId: z.string(),
      linkId: z.string().nullable(),
      channel: z.string().nullable(),
      commissionable: z.boolean(),
      // How it was attributed (shared/links/attribution-source.ts); null on orders made before sources were recorded.
      source: z.enum(['link', 'binding', 'group', 'code']).nullable(),
    })
    .nullable(),
  payment: z.object({ provider: z.string(), status: z.string() }),
  shipment: z.object({ carrier: z.string(), trackingNumber: z.string() }).nullable(),
  refundRequested: z.boolean(),
  /** What has been refunded so far (after-sales by line, or the whole order). */
  refundedAmount: MoneySchema,
  /** Per line: units refunded by after-sales so far, by productId. */
  refundedUnits: z.record(z.string(), z.number().int()),
  reservationExpiresAt: z.string(),
  timeline: z.array(TimelineEntry),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ShipBody = z.object({ carrier: line(60), trackingNumber: line(100) });

export const OpsOrderListQuery = z.object({
  status: OrderStatusSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: z.enum(['json', 'csv']).optional(),
});

export const PaymentEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed', 'refund.succeeded']),
  orderId: IdSchema,
  amount: MoneySchema,
  /** A refund event's after-sale, when the refund paid one. */
  afterSaleId: IdSchema.optional(),
});

export type OrderCreate = z.infer<typeof OrderCreateBody>;
export type OrderView = z.infer<typeof OrderSchema>;
export type OrderCreatedResponse = z.infer<typeof OrderCreated>;
export type PaymentEvent = z.infer<typeof PaymentEventSchema>;
export type OpsOrderList = z.infer<typeof OpsOrderListQuery>;
