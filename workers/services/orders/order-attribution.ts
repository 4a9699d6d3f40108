// Who an order is attributed to, how (attribution.source), and what a seller code takes off:
// the one order of precedence (shared/links/attribution-source.ts) over the link tokens, the
// seller code, the buyer's binding and the group's origin, then the self-purchase rule and the
// fraud signals on whichever won.
import { chooseAttributionSource, type AttributionSource } from '../../../shared/links/attribution-source';
import { parseFlag } from '../../../shared/links/attribution';
import { ApiError } from '../../../shared/errors';
import { payAmounts } from '../../../shared/orders/discount-split';
import { DEFAULT_PROGRAM_SETTINGS } from '../../../shared/program/program-schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { findGroupOrigin } from '../../storage/links/group-attribution-repo';
import { findBargainOrigin } from '../../storage/promotions/bargains-repo';
import { attributeOrder } from '../links/attribution';
import { GROUP_SHARE_CHANNEL } from '../links/group-attribution';
import { readCheckoutContext, type CheckoutProgramContext } from '../program/bindings';
import { codeDiscount } from '../program/codes';
import { assessAttributedOrder } from '../trust/fraud-signals';
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { SessionClaims } from '../identity/tokens';
import type { Client } from '../trust/fraud-signals';

/** What of checkout's input decides attribution (CreateOrderInput in checkout.ts). */
export interface AttributionRequest {
  body: OrderCreate;
  refCookie?: string;
  session?: SessionClaims;
  client?: Client;
}

export interface OrderAttribution {
  sellerId: string;
  linkId: string | null;
  channel: string | null;
  commissionable: boolean;
  source: AttributionSource;
}

export const CODE_CHANNEL = 'code';
export const BINDING_CHANNEL = 'binding';

/** The program's read made before any hold, for an order naming a code: a bad code is refused before stock is taken. */
export interface EarlyProgramRead {
  ctx: CheckoutProgramContext;
  code: string;
}

const normalizeEmail = (e: string) => e.trim().toLowerCase();
const buyerSellerIdOf = (input: AttributionRequest) => (input.session?.role === 'seller' ? (input.session.sid ?? null) : null);

/** A code is refused (409 coupon_not_applicable) unless it is active and its seller approved and not suspended. Unknown codes answer the same. */
export async function readCodeBeforeHolds(env: AppEnv, db: Db, input: AttributionRequest): Promise<EarlyProgramRead | null> {
  const raw = input.body.promoCode;
  if (raw === undefined) return null;
  if (input.body.group) throw new ApiError('invalid_input', 'promoCode is for a plain order only, not with group.');
  const code = raw.trim().toUpperCase();
  const own = await attributeOrder(env, { cookieToken: input.refCookie, refToken: input.body.ref, buyerSellerId: buyerSellerIdOf(input) });
  const ctx = await readCheckoutContext(db, { buyerEmail: normalizeEmail(input.body.buyer.email), code, candidateSellerIds: own ? [own.sellerId] : [] });
  const seller = ctx.codeSellerId ? ctx.sellers.get(ctx.codeSellerId) : undefined;
  if (!seller || seller.approval !== 'approved' || seller.suspended) {
    throw new ApiError('coupon_not_applicable', 'This code does not apply: it is unknown, replaced, or its seller is not active.');
  }
  return { ctx, code };
}

export interface PricedOrder {
  attribution: OrderAttribution | null;
  subtotal: number;
  discount: number;
  /** Per line, in the order given: what the buyer pays for it, and the commission rates with the level boosts. */
  lines: { payAmount: number; level1Bps: number; level2Bps: number }[];
}

const boosted = (bps: number, boostBps: number) => Math.min(10_000, Math.floor((bps * (10_000 + boostBps)) / 10_000));

/**
 * Decides the order's attribution and prices its lines. Costs one program statement (made early
 * for a code order), plus the group's origin for a join with no link of its own, plus the fraud
 * facts for a commissionable order, as before.
 */
export async function attributeAndPrice(
  env: AppEnv,
  db: Db,
  input: AttributionRequest,
  orderId: string,
  early: EarlyProgramRead | null,
  /** A coupon's discount and the lines it applies to; never with a code (one discount per order). */
  couponDiscount: { amount: number; appliesTo: boolean[] } | null,
  lines: { amount: number; level1Bps: number; level2Bps: number }[],
): Promise<PricedOrder> {
  const body = input.body;
  const buyerSellerId = buyerSellerIdOf(input);
  const selfCommission = parseFlag(env.SELF_PURCHASE_COMMISSION);
  const fresh = await attributeOrder(env, { cookieToken: input.refCookie, refToken: body.ref, buyerSellerId });
  // A bargain's purchase with no link of its own: the link that brought the owner to the bargain.
  const bargainLink = !fresh && body.bargain ? await findBargainOrigin(db, body.bargain) : null;
  const own = fresh ?? (bargainLink ? { ...bargainLink, commissionable: buyerSellerId !== bargainLink.sellerId || selfCommission } : null);
  const origin = !own && !early && body.group && 'join' in body.group ? await findGroupOrigin(db, body.group.join) : null;
  const ctx =
    early?.ctx ??
    (await readCheckoutContext(db, {
      buyerEmail: normalizeEmail(body.buyer.email),
      code: null,
      candidateSellerIds: [own?.sellerId, origin?.sellerId].filter((s): s is string => !!s),
    }));
  const settings = ctx.settings ?? DEFAULT_PROGRAM_SETTINGS;
  const choice = chooseAttributionSource<{ sellerId: string; linkId?: string | null }>({
    code: early && ctx.codeSellerId ? { sellerId: ctx.codeSellerId } : null,
    link: own,
    binding: ctx.binding,
    group: origin,
    bindingMode: settings.binding.mode,
    now: Date.now(),
  });
  let attribution: OrderAttribution | null = null;
  if (choice) {
    const sellerId = choice.winner.sellerId;
    const self = buyerSellerId !== null && buyerSellerId === sellerId;
    if (choice.source === 'link') attribution = { ...own!, source: 'link' };
    // A seller's own code gives the discount and never a commission, whatever SELF_PURCHASE_COMMISSION says.
    else if (choice.source === 'code') attribution = { sellerId, linkId: null, channel: CODE_CHANNEL, commissionable: !self, source: 'code' };
    else if (choice.source === 'binding') attribution = { sellerId, linkId: null, channel: BINDING_CHANNEL, commissionable: !self || selfCommission, source: 'binding' };
    else attribution = { sellerId, linkId: origin!.linkId, channel: GROUP_SHARE_CHANNEL, commissionable: !self, source: 'group' };
    if (attribution.commissionable) {
      attribution = await assessAttributedOrder(env, db, { orderId, attribution, buyerEmail: body.buyer.email, address: body.shippingAddress, client: input.client });
    }
  }
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const discount = couponDiscount?.amount ?? (early ? codeDiscount(subtotal, settings.codes) : 0);
  const pays = payAmounts(
    lines.map((l) => l.amount),
    discount,
    couponDiscount?.appliesTo,
  );
  const seller = attribution ? ctx.sellers.get(attribution.sellerId) : undefined;
  return {
    attribution,
    subtotal,
    discount,
    lines: lines.map((l, i) => ({
      payAmount: pays[i]!,
      level1Bps: boosted(l.level1Bps, seller?.boostBps ?? 0),
      level2Bps: boosted(l.level2Bps, seller?.inviterBoostBps ?? 0),
    })),
  };
}
