// Verbs over the PurchaseLimit objects (限购). A limit's scope is a product (all its variants
// count together) or a flash sale; the buyer is their email, lower-cased, named by its hash so
// no address appears in an object's name.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';
import { sha256Hex } from '../identity/crypto';

type LimitEnv = Pick<AppEnv, 'PURCHASE_LIMIT'>;

async function stub(env: LimitEnv, scope: string, buyerEmail: string) {
  const who = await sha256Hex(buyerEmail.trim().toLowerCase());
  return env.PURCHASE_LIMIT.get(env.PURCHASE_LIMIT.idFromName(`${scope}:${who}`));
}

const refusal = (perBuyer: number, count: number) =>
  new ApiError('limit_reached', `Limited to ${perBuyer} per buyer; ${Math.max(0, perBuyer - count)} left for this buyer.`);

/** Counts an order's units against the buyer's limit, or refuses with 409 limit_reached (no Postgres). */
export async function takeLimit(env: LimitEnv, scope: string, buyerEmail: string, orderId: string, qty: number, perBuyer: number, expiresAt: number): Promise<{ fresh: boolean }> {
  const r = await (await stub(env, scope, buyerEmail)).take(orderId, qty, perBuyer, expiresAt);
  if (!r.ok) throw refusal(perBuyer, r.count);
  return { fresh: r.fresh };
}

export async function confirmLimit(env: LimitEnv, scope: string, buyerEmail: string, orderId: string, qty: number): Promise<void> {
  await (await stub(env, scope, buyerEmail)).confirm(orderId, qty);
}

export async function releaseLimit(env: LimitEnv, scope: string, buyerEmail: string, orderId: string): Promise<void> {
  await (await stub(env, scope, buyerEmail)).release(orderId);
}

/** The units that count against the buyer's limit now (pages show what is left). */
export async function currentLimitCount(env: LimitEnv, scope: string, buyerEmail: string): Promise<number> {
  return (await stub(env, scope, buyerEmail)).current();
}

/**
 * The limit scopes an order's units count under that its row alone names: a flash sale's id (its
 * `limits.perBuyer`). Payment confirms and a cancel or full refund releases each of them.
 */
export function limitScopesOf(order: { flashSaleId: string | null; purchaseLimited: boolean }): string[] {
  return order.purchaseLimited && order.flashSaleId ? [order.flashSaleId] : [];
}
