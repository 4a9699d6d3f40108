// POST /api/orders: idempotency, attribution, stock reservation, the order row, the provider's checkout.
import { parseFlag, type Attribution } from '../../shared/attribution';
import { attributeOrder } from './attribution';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { addMoney, multiplyMoney, zeroMoney } from '../../shared/money';
import type { OrderCreate, OrderCreatedResponse } from '../../shared/order-schemas';
import type { AppEnv } from '../env';
import type { Db } from '../storage/db';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  failIdempotencyKey,
  findOrderRecord,
  findSellerEmail,
  insertOrder,
  setPaymentSession,
} from '../storage/orders-repo';
import { findProducts } from '../storage/products-repo';
import type { ProductRow } from '../storage/schema';
import { sha256Hex } from './crypto';
import { ORDER_TOKEN_TTL_SECONDS } from './orders';
import { configuredProvider, paymentProvider, type PaymentDeps } from './payments';
import { STRIPE_MIN_HOLD_SECONDS } from '../payments/stripe';
import { joinGroupForOrder, openGroupForOrder, releaseGroupSeat, groupIdForLeader } from './groups';
import { reserveStock, type StockLine } from './stock';
import { signToken, type SessionClaims } from './tokens';

export interface CreateOrderInput {
  body: OrderCreate;
  idempotencyKey: string;
  /** The `pinlink_ref` cookie, if the browser kept it. */
  refCookie?: string;
  session?: SessionClaims;
  /** Absolute origin of this request, for the checkout and order URLs. */
  origin: string;
}

/**
 * How long stock and seats are held for an unpaid order. The hold must outlive the provider's
 * checkout: a Stripe Checkout Session can be paid for at least 30 minutes, so with Stripe the
 * hold is never shorter than STRIPE_MIN_HOLD_SECONDS, and the session expires with the hold.
 */
export function reservationTtlSeconds(env: AppEnv): number {
  const n = Number(env.RESERVATION_TTL_SECONDS ?? '900');
  const ttl = Number.isInteger(n) && n >= 60 && n <= 86_400 ? n : 900;
  return configuredProvider(env) === 'stripe' ? Math.max(ttl, STRIPE_MIN_HOLD_SECONDS) : ttl;
}

/** Key order independent, so the same JSON with reordered fields is the same request. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * One order per Idempotency-Key. The first successful response is stored and replayed
 * byte for byte; a failed attempt frees the key for a retry of the same body, which reuses
 * the same order id (and so the same reservation and order row).
 */
export async function createOrder(deps: PaymentDeps, input: CreateOrderInput): Promise<{ status: 201; body: OrderCreatedResponse }> {
  const { db } = deps;
  assertGroupOrderShape(input.body);
  const requestHash = await sha256Hex(stableStringify(input.body));
  const key = await scopedIdempotencyKey(input);
  const claim = await claimIdempotencyKey(db, key, requestHash, newId('o'));
  if (claim.kind === 'mismatch') throw new ApiError('idempotency_mismatch', 'This Idempotency-Key was used with a different request body.');
  if (claim.kind === 'busy') throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly.');
  if (claim.kind === 'replay') return { status: 201, body: claim.body as OrderCreatedResponse };
  try {
    const body = await placeOrder(deps, input, claim.orderId, claim.firstSeenAt);
    await completeIdempotencyKey(db, key, 201, body);
    return { status: 201, body };
  } catch (e) {
    await failIdempotencyKey(db, key).catch(() => {});
    throw e;
  }
}

/**
 * Keys are scoped per caller, as Stripe scopes them per account: the signed-in account, or else
 * a hash of the buyer's email. Another caller sending the same key and body gets an order of
 * their own, never a replay of someone else's response (which carries its order token).
 */
export async function scopedIdempotencyKey(input: Pick<CreateOrderInput, 'body' | 'idempotencyKey' | 'session'>): Promise<string> {
  const caller = input.session ? `a:${input.session.sub}` : `e:${(await sha256Hex(input.body.buyer.email.trim().toLowerCase())).slice(0, 32)}`;
  return `${caller}:${input.idempotencyKey}`;
}

async function placeOrder(deps: PaymentDeps, input: CreateOrderInput, orderId: string, firstSeenAt: Date): Promise<OrderCreatedResponse> {
  const { env, db } = deps;
  const body = input.body;

  const existing = await findOrderRecord(db, orderId);
  if (existing && existing.order.status !== 'pending_payment') {
    throw new ApiError('conflict', 'The order for this Idempotency-Key is no longer awaiting payment; use a new key.');
  }

  const products = await findProducts(db, body.items.map((i) => i.productId));
  const byId = new Map(products.map((p) => [p.id, p]));
  let total = zeroMoney();
  for (const item of body.items) {
    const p = byId.get(item.productId);
    if (!p || !p.active) throw new ApiError('not_found', `No such product on sale: ${item.productId}.`);
    total = addMoney(total, multiplyMoney({ amount: p.priceAmount, currency: 'CNY' }, item.quantity));
  }

  const attribution = await attributeOrderFor(env, db, input);
  const provider = configuredProvider(env);
  // Fixed by the key's first attempt, so every retry reserves, holds and asks the provider with
  // exactly the same expiry (Stripe refuses other parameters under the same idempotency key).
  const expiresAt = existing?.order.reservationExpiresAt.getTime() ?? firstSeenAt.getTime() + reservationTtlSeconds(env) * 1000;

  // Reserve before writing: if Postgres fails after this, the reservation (and seat) simply expires.
  let lines: StockLine[];
  let group: { groupId: string; priceAmount: number } | null = null;
  if (body.group) {
    ({ lines, group } = await reserveGroupOrder(deps, body, orderId, byId.get(body.items[0]!.productId)!, expiresAt));
    total = { amount: group.priceAmount, currency: 'CNY' };
  } else {
    lines = await reserveStock(env, orderId, body.items, expiresAt);
  }

  await insertOrder(
    db,
    {
      id: orderId,
      status: 'pending_payment',
      totalAmount: total.amount,
      currency: total.currency,
      buyerEmail: body.buyer.email,
      buyerName: body.buyer.name,
      shippingAddress: body.shippingAddress,
      groupId: group?.groupId ?? null,
      attributedSellerId: attribution?.sellerId ?? null,
      attributedLinkId: attribution?.linkId ?? null,
      attributionChannel: attribution?.channel ?? null,
      commissionable: attribution?.commissionable ?? false,
      paymentProvider: provider,
      reservationExpiresAt: new Date(expiresAt),
    },
    lines.map((l) => ({
      orderId,
      productId: l.productId,
      quantity: l.quantity,
      stockShard: l.shard,
      unitPriceAmount: group?.priceAmount ?? byId.get(l.productId)!.priceAmount,
      title: byId.get(l.productId)!.title,
      level1Bps: byId.get(l.productId)!.level1Bps,
      level2Bps: byId.get(l.productId)!.level2Bps,
    })),
    { id: `pay_${orderId}`, orderId, provider, status: 'pending', amount: total.amount, currency: total.currency },
  );

  // Issued at the key's first attempt too: the checkout's return URL carries it, and a retry must
  // send the provider the same parameters.
  const orderToken = await signToken(env.JWT_KEYS, 'order', { sub: orderId }, ORDER_TOKEN_TTL_SECONDS, Math.floor(firstSeenAt.getTime() / 1000));
  const checkout = await paymentProvider(deps, provider).createCheckout({
    orderId,
    orderToken,
    total,
    buyerEmail: body.buyer.email,
    description: `Pinlink order ${orderId}`,
    origin: input.origin,
    expiresAt,
  });
  if (checkout.sessionId) await setPaymentSession(db, orderId, checkout.sessionId);

  return {
    order: { id: orderId, status: 'pending_payment', total, ...(group ? { groupId: group.groupId } : {}) },
    orderToken,
    payment: { provider, checkoutUrl: checkout.checkoutUrl },
  };
}

function assertGroupOrderShape(body: OrderCreate): void {
  if (!body.group) return;
  if (body.items.length !== 1 || body.items[0]!.quantity !== 1) {
    throw new ApiError('invalid_input', 'A group order has exactly one item, of quantity 1.');
  }
}

/**
 * A group order takes a seat as well as a unit. Opening: the unit first, then the group (a
 * fresh group always has room). Joining: the seat first, so a full group answers group_full
 * rather than using up stock, then the unit; a unit that is not there gives the seat back.
 */
async function reserveGroupOrder(
  deps: PaymentDeps,
  body: OrderCreate,
  orderId: string,
  product: ProductRow,
  expiresAt: number,
): Promise<{ lines: StockLine[]; group: { groupId: string; priceAmount: number } }> {
  const { env, db } = deps;
  if (!product.groupSize || product.groupPriceAmount === null || !product.groupDurationMinutes) {
    throw new ApiError('invalid_input', 'This product has no group offer.');
  }
  const seat = { orderId, buyerEmail: body.buyer.email, buyerName: body.buyer.name, holdExpiresAt: expiresAt };
  const items = [{ productId: product.id, quantity: 1 }];
  if ('open' in body.group!) {
    const lines = await reserveStock(env, orderId, items, expiresAt);
    const groupId = groupIdForLeader(orderId);
    const r = await openGroupForOrder(env, db, {
      id: groupId,
      productId: product.id,
      size: product.groupSize,
      expiresAt: Date.now() + product.groupDurationMinutes * 60_000,
      priceAmount: product.groupPriceAmount,
      autoFillPercent: product.groupAutoFillPercent,
      leader: seat,
    });
    return { lines, group: { groupId, priceAmount: r.priceAmount } };
  }
  const groupId = body.group!.join;
  const r = await joinGroupForOrder(env, groupId, product.id, seat);
  try {
    return { lines: await reserveStock(env, orderId, items, expiresAt), group: { groupId, priceAmount: r.priceAmount } };
  } catch (e) {
    await releaseGroupSeat(env, groupId, orderId).catch(() => {});
    throw e;
  }
}

async function attributeOrderFor(env: AppEnv, db: Db, input: CreateOrderInput): Promise<Attribution | null> {
  const attribution = await attributeOrder(env, {
    cookieToken: input.refCookie,
    refToken: input.body.ref,
    buyerSellerId: input.session?.role === 'seller' ? (input.session.sid ?? null) : null,
  });
  if (!attribution || !attribution.commissionable || parseFlag(env.SELF_PURCHASE_COMMISSION)) return attribution;
  const sellerEmail = await findSellerEmail(db, attribution.sellerId);
  if (sellerEmail && sellerEmail.toLowerCase() === input.body.buyer.email.toLowerCase()) return { ...attribution, commissionable: false };
  return attribution;
}
