/**
 * Which seller an order is attributed to. Callers verify token signatures first and pass
 * anything invalid or tampered as null; this module decides between the valid claims.
 * Claims arrive from buyer-held tokens, so nothing here throws on their content.
 */

export type AttributionModel = 'last_click' | 'first_click';

export interface AttributionClaims {
  sellerId: string;
  linkId: string;
  channel?: string | null;
  /** unix seconds */
  iat: number;
  /** unix seconds */
  exp: number;
}

export interface AttributionInput {
  cookieClaims?: AttributionClaims | null;
  refClaims?: AttributionClaims | null;
  /** The buyer's own seller id when the buyer is signed in as a seller. */
  buyerSellerId?: string | null;
  model: AttributionModel;
  selfPurchaseCommission: boolean;
  /** unix seconds */
  now: number;
}

export interface Attribution {
  sellerId: string;
  linkId: string;
  channel: string | null;
  commissionable: boolean;
}

function usable(claims: AttributionClaims | null | undefined, now: number): claims is AttributionClaims {
  if (claims === null || typeof claims !== 'object') return false;
  const { sellerId, linkId, iat, exp } = claims;
  // A signed token can still carry junk if a signer bug ever ships; drop it rather than
  // attribute to an empty seller.
  if (typeof sellerId !== 'string' || sellerId.length === 0) return false;
  if (typeof linkId !== 'string' || linkId.length === 0) return false;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return false;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return false;
  return now < exp;
}

function pick(
  cookie: AttributionClaims,
  ref: AttributionClaims,
  model: AttributionModel,
): AttributionClaims {
  // On an iat tie the cookie wins: it is the one the buyer's own browser kept.
  if (model === 'first_click') return ref.iat < cookie.iat ? ref : cookie;
  return ref.iat > cookie.iat ? ref : cookie;
}

export function resolveAttribution(input: AttributionInput): Attribution | null {
  const now = input.now;
  const cookie = usable(input.cookieClaims, now) ? input.cookieClaims : null;
  const ref = usable(input.refClaims, now) ? input.refClaims : null;

  let chosen: AttributionClaims | null;
  if (cookie && ref) chosen = pick(cookie, ref, input.model);
  else chosen = cookie ?? ref;
  if (chosen === null) return null;

  const channel = typeof chosen.channel === 'string' && chosen.channel.length > 0 ? chosen.channel : null;
  const selfPurchase =
    typeof input.buyerSellerId === 'string' &&
    input.buyerSellerId.length > 0 &&
    input.buyerSellerId === chosen.sellerId;

  return {
    sellerId: chosen.sellerId,
    linkId: chosen.linkId,
    channel,
    commissionable: !selfPurchase || input.selfPurchaseCommission,
  };
}

// ---- configuration from env strings (ATTRIBUTION_WINDOW_DAYS, ATTRIBUTION_MODEL, SELF_PURCHASE_COMMISSION) ----

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;

/** Window in seconds; a missing or nonsensical value falls back to the 30-day default. */
export function attributionWindowSeconds(days: string | undefined): number {
  const n = Number(days);
  const d = Number.isInteger(n) && n >= 1 && n <= 365 ? n : DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  return d * 86_400;
}

export function parseAttributionModel(v: string | undefined): AttributionModel {
  return v === 'first_click' ? 'first_click' : 'last_click';
}

export const parseFlag = (v: string | undefined): boolean => v?.trim().toLowerCase() === 'true';
