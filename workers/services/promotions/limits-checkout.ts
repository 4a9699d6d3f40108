// Purchase limits (限购) at checkout, behind preparePromotion and takePromotion. perOrder is the product's quantity in
// this order, checked on the snapshot; perBuyer is one buyer email's quantity in orders that await
// payment or are paid, counted by the PurchaseLimit object of (product, buyer). Neither refusal
// costs a Postgres statement: the product snapshot carries the limits.
import { ApiError } from '../../../shared/errors';
import type { Limits } from '../../../shared/schemas';
import { NOTHING_TAKEN, type PromotionRequest, type TakenPromotion } from './promotion-types';
import { checkLimit, releaseLimit, takeLimit } from './purchase-limits';

interface LimitedProduct {
  productId: string;
  quantity: number;
  limits: Limits;
}

/** The order's quantity per limited product: all variants of a product count together. */
export function limitedProducts(lines: PromotionRequest['lines']): LimitedProduct[] {
  const byProduct = new Map<string, LimitedProduct>();
  for (const l of lines) {
    const limits = l.product.limits;
    if (!limits || (!limits.perOrder && !limits.perBuyer)) continue;
    const seen = byProduct.get(l.productId);
    if (seen) seen.quantity += l.quantity;
    else byProduct.set(l.productId, { productId: l.productId, quantity: l.quantity, limits });
  }
  return [...byProduct.values()];
}

const perBuyerLines = (req: PromotionRequest, limited: LimitedProduct[]) => (req.body.flashSale ? [] : limited.filter((p) => p.limits.perBuyer));

/**
 * Before any hold: perOrder from the snapshot, and perBuyer as the objects count now. A buyer who
 * has used their limit is refused here, before a unit is held or Postgres is asked anything.
 */
export async function checkLimits(req: PromotionRequest): Promise<void> {
  const limited = limitedProducts(req.lines);
  for (const p of limited) {
    if (p.limits.perOrder && p.quantity > p.limits.perOrder) {
      throw new ApiError('limit_reached', `Limited to ${p.limits.perOrder} per order for product ${p.productId}.`);
    }
  }
  await Promise.all(perBuyerLines(req, limited).map((p) => checkLimit(req.env, p.productId, req.body.buyer.email, req.orderId, p.quantity, p.limits.perBuyer!)));
}

/**
 * Counts the order against each limited product's perBuyer limit. A flash sale's order counts
 * against the sale's own limit instead (the flash sale's file), so only perOrder applies here.
 */
export async function takeLimits(req: PromotionRequest): Promise<TakenPromotion> {
  // checkLimits answered perOrder; concurrent orders of one buyer are decided here, one at a time.
  const perBuyer = perBuyerLines(req, limitedProducts(req.lines));
  if (perBuyer.length === 0) return NOTHING_TAKEN;
  const email = req.body.buyer.email;
  const giveBack = async () => {
    await Promise.all(perBuyer.map((p) => releaseLimit(req.env, p.productId, email, req.orderId)));
  };
  const results = await Promise.allSettled(
    perBuyer.map((p) => takeLimit(req.env, p.productId, email, req.orderId, p.quantity, p.limits.perBuyer!, req.expiresAt)),
  );
  const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (refused) {
    // Another product's count taken by this call goes back; the refused one took nothing.
    await giveBack().catch(() => {});
    throw refused.reason;
  }
  return { orderColumns: { purchaseLimited: true }, giveBack };
}
