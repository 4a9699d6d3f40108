// Checkout's two doors into the promotions (API.md v3). createOrder (services/orders/checkout.ts)
// calls preparePromotion before it holds anything and takePromotion once the units are held;
// each play answers from its own file. Refusals come from the plays' objects (or an isolate
// memo of them) and cost no Postgres statement; what a play takes is keyed on the order id, so
// a retry of the same order takes nothing twice, and `giveBack` returns it when the order is not
// written after all.
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { Product, Variant } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import type { NewOrderRow } from '../../storage/orders/orders-repo';
import { takeCoupon } from './coupon-checkout';

export interface PromotionLine {
  productId: string;
  quantity: number;
  product: Product;
  variant: Variant;
  /** The variant whose Stock objects hold the units; null for a product sold as its default variant. */
  stockVariantId: string | null;
}

export interface PromotionRequest {
  env: AppEnv;
  /** Opening it costs a Pool; only a play that writes or reads Postgres calls it. */
  db: () => Db;
  orderId: string;
  body: OrderCreate;
  lines: PromotionLine[];
  /** When the order's holds lapse if it is not paid: a play's holds expire then too. */
  expiresAt: number;
  /** The signed-in buyer's email (lower-cased), when the request carries a buyer session. */
  buyerEmail?: string;
}

/** Decided before any hold: a price for the lines and where their units are held. */
export interface PreparedPromotion {
  /** The unit price every line pays (a flash sale's price, a bargain's floor), in place of the variant's. */
  unitPriceAmount?: number;
  /** A flash sale's id: its own Stock objects hold the units, not the product's. */
  stockUnit?: string;
}

/** Taken once the units are held. */
export interface TakenPromotion {
  /** A coupon's discount and the lines it applies to (by index); split with payAmounts over those lines. */
  discount?: { amount: number; appliesTo: boolean[] };
  /** Written on the order row with it. */
  orderColumns: Pick<Partial<NewOrderRow>, 'buyerCouponId' | 'flashSaleId' | 'bargainId' | 'purchaseLimited'>;
  /** Returns what was taken, when the order is not written after all. Idempotent. */
  giveBack: () => Promise<void>;
}

export const NOTHING_TAKEN: TakenPromotion = { orderColumns: {}, giveBack: async () => {} };

/** Before any hold: the flash sale's window and the bargain's state, from their objects. */
export async function preparePromotion(_req: PromotionRequest): Promise<PreparedPromotion> {
  return {};
}

/**
 * After the units are held, with each line's amount at its unit price: the purchase limits'
 * counts, the bargain's purchase and the coupon's lock. A refusal gives back what this call took
 * and throws; the caller gives back the units.
 */
export async function takePromotion(_req: PromotionRequest, _lineAmounts: number[]): Promise<TakenPromotion> {
  if (_req.body.coupon) return takeCoupon(_req, _lineAmounts);
  return NOTHING_TAKEN;
}
