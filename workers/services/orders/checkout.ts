// POST /api/orders: idempotency, attribution, stock reservation, the order row, the provider's checkout.
import { freeUnpaidOrderSlot, takeUnpaidOrderSlot } from '../limits/abuse-limits';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { OrderCreate, OrderCreatedResponse } from '../../../shared/orders/order-schemas';
import type { AppEnv } from '../../env';
import type { Locale } from '../../../shared/i18n';
import { createOrderRecords, findEarlierAttempt } from '../../storage/orders/order-records-repo';
import type { Client } from '../trust/fraud-signals';
import { attributeAndPrice, readCodeBeforeHolds } from './order-attribution';
import { sha256Hex, stableStringify } from '../identity/crypto';
import { ORDER_TOKEN_TTL_SECONDS } from './orders';
import { configuredProvider, paymentProvider, type PaymentDeps } from './payments';
import { STRIPE_MIN_HOLD_SECONDS } from '../../payments/stripe';
import { assertNotKnownSoldOut, dropStock, holdStock, idempotencyMismatch, releaseStock, rememberOrderResponse } from '../catalog/stock';
import { signToken, type SessionClaims } from '../identity/tokens';
import { preparePromotion, takePromotion, type PromotionRequest, type TakenPromotion } from '../promotions/checkout-promotions';
import { assertGroupOrderShape, pickVariants, productsOnSale, variantLabel } from './checkout-lines';
import { earlierAttemptError, holdGroupOrder, settleEarlierAttempt, type Attempt, type Created, type Held } from './checkout-holds';

export { variantLabel } from './checkout-lines';

export interface CreateOrderInput {
  body: OrderCreate;
  idempotencyKey: string;
  /** The `pinlink_ref` cookie, if the browser kept it. */
  refCookie?: string;
  session?: SessionClaims;
  /** Absolute origin of this request, for the checkout and order URLs. */
  origin: string;
  /** The language the buyer is ordering in; their order emails use it. */
  lang?: Locale;
  /** The buyer's address and browser, for the self-purchase check (fraud-signals.ts). */
  client?: Client;
  /** The signed-in buyer's email (a buyer session), which a coupon needs. */
  buyerEmail?: string;
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

/**
 * Keys are scoped per caller, as Stripe scopes them per account: the signed-in account, or else
 * the buyer's email. Another caller sending the same key and body gets an order of their own,
 * never a replay of someone else's response (which carries its order token). One hash of
 * (caller, key) gives both the stored key (no email in it) and the order the key names, so every
 * attempt of one key reserves, holds and writes under the same id without asking Postgres first.
 */
export async function scopeIdempotencyKey(input: Pick<CreateOrderInput, 'body' | 'idempotencyKey' | 'session'>): Promise<{ key: string; orderId: string }> {
  const caller = input.session ? `a:${input.session.sub}` : `e:${input.body.buyer.email.trim().toLowerCase()}`;
  const hex = await sha256Hex(`${caller}\u0000${input.idempotencyKey}`);
  return { key: `k_${hex}`, orderId: `o_${BigInt(`0x${hex.slice(0, 24)}`).toString(36).padStart(19, '0').slice(-18)}` };
}

/**
 * POST /api/orders. Everything a refusal needs is answered by the objects: the product comes
 * from its snapshot, then the GroupBuy seat and the Stock hold decide, so a sold-out, full or
 * closed attempt never opens a Postgres connection. The hold also remembers the request hash
 * and, once the order exists, its exact 201 body, so replays and mismatches are answered there
 * too. Only a new order reaches Postgres: a look-up of its key (an earlier attempt with another
 * body may hold elsewhere), then one statement writes the key, the order, its lines and its
 * payment together; a group open writes its group row first, and an inherited join reads the
 * group's attribution.
 */
export async function createOrder(deps: PaymentDeps, input: CreateOrderInput): Promise<{ status: 201; body: OrderCreatedResponse; text: string }> {
  const { env } = deps;
  const body = input.body;
  assertGroupOrderShape(body);
  const { key, orderId } = await scopeIdempotencyKey(input);
  // A burst's new buyers for a product this isolate just saw sold out stop here (see SOLD_OUT_MEMO_MS).
  // A flash sale's units are its own objects' (stockUnit below), so its memo is the sale's.
  assertNotKnownSoldOut(
    orderId,
    body.items.map((i) => ({ productId: i.productId, variantId: body.flashSale ?? (i.variantId === i.productId ? null : i.variantId) })),
  );
  const requestHash = await sha256Hex(stableStringify(body));
  const byId = await productsOnSale(env, deps.db, body.items.map((i) => i.productId));
  const picked = pickVariants(body, byId);
  const promo: PromotionRequest = {
    env,
    db: () => deps.db,
    orderId,
    body,
    lines: picked.map((l) => ({ ...l, product: byId.get(l.productId)! })),
    expiresAt: Date.now() + reservationTtlSeconds(env) * 1000,
    buyerEmail: input.buyerEmail,
  };
  // A flash sale's window, a bargain's state: answered by their objects before anything is held.
  const prepared = await preparePromotion(promo);
  // A code is checked before anything is held, so a bad one takes nothing that must go back.
  const early = await readCodeBeforeHolds(env, deps.db, input);
  // The unpaid-orders limit (retries of this key count once). A group order takes its slot before
  // the seat, which is harder to give back than units; a plain order takes it once it holds
  // units, so the many refusals of a flash sale never wake a limiter object (one per buyer), and
  // a buyer over the limit gives the units straight back.
  const slotFirst = !!body.group;
  // Only a slot this attempt counted may be given back on a refusal: a retry's slot is its order's.
  const slotTaken = slotFirst && (await takeUnpaidOrderSlot(env, body.buyer.email, orderId));
  const ttl = reservationTtlSeconds(env);
  let expiresAt = Date.now() + ttl * 1000;

  const attempt: Attempt = { deps, key, orderId, requestHash };
  let group: { groupId: string; priceAmount: number } | null = null;
  let held: Held | { replay: Created };
  try {
    if (body.group) {
      ({ held, group, expiresAt } = await holdGroupOrder(attempt, body, byId.get(body.items[0]!.productId)!, picked[0]!, expiresAt));
    } else {
      const stock = await holdStock(
        env,
        orderId,
        picked.map((l) => ({ productId: l.productId, variantId: prepared.stockUnit ?? l.stockVariantId, quantity: l.quantity })),
        expiresAt,
        requestHash,
      );
      const replay = await settleEarlierAttempt(attempt, stock, null);
      held = replay ? { replay } : stock;
    }
  } catch (e) {
    // Sold out, group full or closed: no order was made, so it does not count against the buyer.
    // A mismatch or a busy key names an order that does exist, and the slot is that order's.
    if (slotTaken && e instanceof ApiError && e.code !== 'idempotency_mismatch' && e.code !== 'conflict') {
      await freeUnpaidOrderSlot(env, body.buyer.email, orderId);
    }
    throw e;
  }
  if ('replay' in held) return held.replay;
  if (!slotFirst && !held.prior?.response) {
    try {
      await takeUnpaidOrderSlot(env, body.buyer.email, orderId);
    } catch (e) {
      await releaseStock(env, orderId, held.lines);
      throw e;
    }
  }
  const prior = held.prior;
  if (prior) {
    if (prior.response !== null) return { status: 201, body: JSON.parse(prior.response) as OrderCreatedResponse, text: prior.response };
    if (prior.state === 'released') {
      await dropStock(env, orderId, held.fresh, requestHash);
      // A hold that a late payment committed afresh keeps no request hash, so the object cannot tell
      // a retry with another body; Postgres can. Only retries of a lapsed key reach this read.
      if (prior.requestHash === null && (await findEarlierAttempt(deps.db, key, requestHash))?.kind === 'mismatch') throw idempotencyMismatch();
      throw new ApiError('conflict', 'The reservation for this Idempotency-Key has lapsed; use a new key.');
    }
    // An earlier attempt holds the units but did not finish: same expiry, same order token, same provider parameters.
    expiresAt = prior.expiresAt;
  }

  const lineOf = (productId: string) => picked.find((x) => x.productId === productId)!;
  const unitOf = (productId: string) => prepared.unitPriceAmount ?? group?.priceAmount ?? lineOf(productId).variant.price.amount;
  // Limits, a bargain's purchase, a coupon's lock: taken with the units held, given back without them.
  let taken: TakenPromotion;
  try {
    taken = await takePromotion({ ...promo, expiresAt }, held.lines.map((l) => unitOf(l.productId) * l.quantity));
  } catch (e) {
    if (!prior) {
      await releaseStock(env, orderId, held.lines);
      if (!slotFirst) await freeUnpaidOrderSlot(env, body.buyer.email, orderId);
    }
    throw e;
  }
  const priced = await attributeAndPrice(
    env,
    deps.db,
    input,
    orderId,
    early,
    taken.discount ?? null,
    held.lines.map((l) => {
      const c = byId.get(l.productId)!.commission;
      return { amount: unitOf(l.productId) * l.quantity, level1Bps: c.level1Bps, level2Bps: c.level2Bps };
    }),
  );
  const attribution = priced.attribution;
  // The provider is asked for what the buyer pays: the subtotal less the code's discount.
  const total = { amount: priced.subtotal - priced.discount, currency: 'CNY' as const };
  const provider = configuredProvider(env);
  // Issued as of the hold, so every attempt signs the same token and the provider sees the same return URL.
  const orderToken = await signToken(env.JWT_KEYS, 'order', { sub: orderId }, ORDER_TOKEN_TTL_SECONDS, Math.floor(expiresAt / 1000) - ttl);
  const checkout = await paymentProvider(deps, provider).createCheckout({
    orderId,
    orderToken,
    total,
    buyerEmail: body.buyer.email,
    description: `Pinlink order ${orderId}`,
    origin: input.origin,
    expiresAt,
  });
  const response: OrderCreatedResponse = {
    order: {
      id: orderId,
      status: 'pending_payment',
      total,
      ...(priced.discount > 0 ? { subtotal: { amount: priced.subtotal, currency: 'CNY' as const }, discount: { amount: priced.discount, currency: 'CNY' as const } } : {}),
      ...(group ? { groupId: group.groupId } : {}),
    },
    orderToken,
    payment: { provider, checkoutUrl: checkout.checkoutUrl },
  };
  const text = JSON.stringify(response);
  const written = await createOrderRecords(deps.db, {
    key,
    requestHash,
    response: text,
    order: {
      id: orderId,
      totalAmount: total.amount,
      subtotalAmount: priced.subtotal,
      discountAmount: priced.discount,
      attributionSource: attribution?.source ?? null,
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
      lang: input.lang ?? 'zh-CN',
      ...taken.orderColumns,
    },
    items: held.lines.map((l, i) => {
      const p = byId.get(l.productId)!;
      const line = lineOf(l.productId);
      return {
        productId: l.productId,
        variantId: line.stockVariantId,
        quantity: l.quantity,
        stockShard: l.shard,
        stockUnit: prepared.stockUnit ?? null,
        unitPriceAmount: unitOf(l.productId),
        title: line.stockVariantId ? `${p.title} · ${variantLabel(line.variant)}` : p.title,
        ...priced.lines[i]!,
      };
    }),
    payment: { id: `pay_${orderId}`, provider, amount: total.amount, providerSessionId: checkout.sessionId },
  });
  if (written.kind === 'mismatch' || written.kind === 'busy') {
    // Another attempt of this key won the race to Postgres: what this one took goes back.
    // A promotion's holds stay: they are keyed on the order id, which the winning attempt shares.
    await dropStock(env, orderId, held.fresh, requestHash);
    throw earlierAttemptError(written.kind);
  }
  const finalText = written.kind === 'replay' ? written.text : text;
  // Kept beside the hold: a replay after sell-out is then answered without Postgres.
  await rememberOrderResponse(env, orderId, held.lines[0]!, finalText).catch((e) =>
    console.warn(JSON.stringify({ level: 'warn', msg: 'order response not kept in Stock; replays read Postgres', orderId, error: String(e) })),
  );
  return { status: 201, body: JSON.parse(finalText) as OrderCreatedResponse, text: finalText };
}
