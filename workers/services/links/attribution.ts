import { parseAttributionModel, parseFlag, resolveAttribution, type Attribution, type AttributionClaims } from '../../../shared/links/attribution';
import type { AppEnv } from '../../env';
import { verifyToken, type RefClaims } from '../identity/tokens';

/** A verified ref token as attribution claims; expired, tampered or foreign tokens are null. */
export async function readRefToken(env: AppEnv, token: string | null | undefined): Promise<AttributionClaims | null> {
  if (!token || token.length > 2048) return null;
  const c = await verifyToken<RefClaims>(env.JWT_KEYS, 'ref', token);
  if (!c || typeof c.iat !== 'number' || typeof c.exp !== 'number') return null;
  return { sellerId: c.sub, linkId: c.lid, channel: c.ch ?? null, iat: c.iat, exp: c.exp };
}

/**
 * Which seller an order is attributed to, from the cookie and the body's `ref`. Bad tokens are
 * ignored silently: attribution problems are never the buyer's error. Checkout calls this.
 */
export async function attributeOrder(
  env: AppEnv,
  input: { cookieToken?: string | null; refToken?: string | null; buyerSellerId?: string | null; now?: number },
): Promise<Attribution | null> {
  const [cookieClaims, refClaims] = await Promise.all([readRefToken(env, input.cookieToken), readRefToken(env, input.refToken)]);
  return resolveAttribution({
    cookieClaims,
    refClaims,
    buyerSellerId: input.buyerSellerId ?? null,
    model: parseAttributionModel(env.ATTRIBUTION_MODEL),
    selfPurchaseCommission: parseFlag(env.SELF_PURCHASE_COMMISSION),
    now: input.now ?? Math.floor(Date.now() / 1000),
  });
}
