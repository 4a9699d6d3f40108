// Checkout's two doors into the promotions (API.md v3). createOrder (services/orders/checkout.ts)
// calls preparePromotion before it holds anything and takePromotion once the units are held;
// each play answers from its own file. Refusals come from the plays' objects (or an isolate
// memo of them) and cost no Postgres statement; what a play takes is keyed on the order id, so
// a retry of the same order takes nothing twice, and `giveBack` returns it when the order is not
// written after all.
import { checkLimits, takeLimits } from './limits-checkout';
import { NOTHING_TAKEN, type PreparedPromotion, type PromotionRequest, type TakenPromotion } from './promotion-types';
import { prepareFlashSale, takeFlashSale } from './flash-checkout';
import { prepareBargain, takeBargain } from './bargain-checkout';
import { takeCoupon } from './coupon-checkout';

export { NOTHING_TAKEN } from './promotion-types';
export type { PreparedPromotion, PromotionLine, PromotionRequest, TakenPromotion } from './promotion-types';

/** Before any hold: the flash sale's window and the bargain's state, from their objects. */
export async function preparePromotion(req: PromotionRequest): Promise<PreparedPromotion> {
  const prepared = req.body.flashSale ? await prepareFlashSale(req, req.body.flashSale) : req.body.bargain ? await prepareBargain(req, req.body.bargain) : {};
  // The limits' short count is the one thing preparing takes: it goes last, after the other refusals.
  await checkLimits(req);
  return prepared;
}

/**
 * After the units are held, with each line's amount at its unit price: the purchase limits'
 * counts, the bargain's purchase and the coupon's lock. A refusal gives back what this call took
 * and throws; the caller gives back the units.
 */
export async function takePromotion(req: PromotionRequest, lineAmounts: number[]): Promise<TakenPromotion> {
  // Each play takes in turn; a later refusal gives back what the earlier ones took.
  const taken: TakenPromotion[] = [];
  try {
    taken.push(await takeLimits(req));
    if (req.body.flashSale) taken.push(await takeFlashSale(req, req.body.flashSale));
    if (req.body.bargain) taken.push(await takeBargain(req, req.body.bargain));
    if (req.body.coupon) taken.push(await takeCoupon(req, lineAmounts));
  } catch (e) {
    await Promise.allSettled(taken.map((t) => t.giveBack()));
    throw e;
  }
  return combineTaken(taken);
}

/** The plays' takes as one: their discount (at most one play gives one), columns and give-backs. */
function combineTaken(taken: TakenPromotion[]): TakenPromotion {
  if (taken.length === 0) return NOTHING_TAKEN;
  return {
    discount: taken.find((t) => t.discount)?.discount,
    orderColumns: Object.assign({}, ...taken.map((t) => t.orderColumns)),
    giveBack: async () => {
      await Promise.all(taken.map((t) => t.giveBack()));
    },
  };
}
