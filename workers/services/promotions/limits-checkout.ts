// Purchase limits (限购) at checkout, behind preparePromotion and takePromotion. perOrder is the
// product's quantity in this order, checked on the snapshot; perBuyer is one buyer email's
// quantity in orders that await payment or are paid, counted by the PurchaseLimit object of
// (product, buyer). Neither refusal costs a Postgres statement: the snapshot carries the limits,
// and the count is taken before any unit is held.
import { ApiError } from '../../../shared/errors';
import type { Limits } from '../../../shared/schemas';
import { NOTHING_TAKEN, type PromotionRequest, type TakenPromotion } from './promotion-types';
import { releaseLimit, takeLimit } from './purchase-limits';

/**
 * How long the count taken before the hold lasts on its own. If the order gets no further (out of
 * stock, a busy key), it lapses by itself; takeLimits extends it to the reservation's end, and
 * re-counts exactly if it has lapsed meanwhile, so the window only bounds a stray count.
 */
export const TENTATIVE_LIMIT_MS = 30_000;

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

// A flash sale's order counts against the sale's own limit instead (the flash sale's file).
const perBuyerOf = (req: PromotionRequest) => (req.body.flashSale ? [] : limitedProducts(req.lines).filter((p) => p.limits.perBuyer));

/**
 * Counts the order against each perBuyer limit until `until`. One refusal gives back the counts
 * this call added for the other products, and throws 409 limit_reached.
 */
async function countAll(req: PromotionRequest, until: number): Promise<void> {
  const email = req.body.buyer.email;
  const products = perBuyerOf(req);
  const results = await Promise.allSettled(products.map((p) => takeLimit(req.env, p.productId, email, req.orderId, p.quantity, p.limits.perBuyer!, until)));
  const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!refused) return;
  await Promise.allSettled(
    results.map((r, i) => (r.status === 'fulfilled' && r.value.fresh ? releaseLimit(req.env, products[i]!.productId, email, req.orderId) : null)),
  );
  throw refused.reason;
}

/**
 * Before any hold: perOrder from the snapshot, then a short count against perBuyer, so a buyer's
 * burst of orders is decided one at a time by the objects before any unit or Postgres is touched.
 */
export async function checkLimits(req: PromotionRequest): Promise<void> {
  for (const p of limitedProducts(req.lines)) {
    if (p.limits.perOrder && p.quantity > p.limits.perOrder) {
      throw new ApiError('limit_reached', `Limited to ${p.limits.perOrder} per order for product ${p.productId}.`);
    }
  }
  await countAll(req, Date.now() + TENTATIVE_LIMIT_MS);
}

/** Once the units are held: the count lasts as long as the reservation. */
export async function takeLimits(req: PromotionRequest): Promise<TakenPromotion> {
  const products = perBuyerOf(req);
  if (products.length === 0) return NOTHING_TAKEN;
  await countAll(req, req.expiresAt);
  const email = req.body.buyer.email;
  return {
    orderColumns: { purchaseLimited: true },
    giveBack: async () => {
      await Promise.all(products.map((p) => releaseLimit(req.env, p.productId, email, req.orderId)));
    },
  };
}
