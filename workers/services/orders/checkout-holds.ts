// Checkout's holds beyond a plain order's units: a group order's seat and unit, and settling an
// attempt against an earlier one of the same Idempotency-Key (services/orders/checkout.ts).
import { ApiError } from '../../../shared/errors';
import type { OrderCreate, OrderCreatedResponse } from '../../../shared/orders/order-schemas';
import type { Product } from '../../../shared/schemas';
import { findEarlierAttempt } from '../../storage/orders/order-records-repo';
import { dropStock, holdStock, idempotencyMismatch } from '../catalog/stock';
import { groupIdForLeader, joinGroupForOrder, openGroupForOrder, releaseGroupSeat } from '../groups/groups';
import type { PickedLine } from './checkout-lines';
import type { PaymentDeps } from './payments';

export interface Attempt {
  deps: PaymentDeps;
  key: string;
  orderId: string;
  requestHash: string;
}

export type Held = Awaited<ReturnType<typeof holdStock>>;
export type Created = { status: 201; body: OrderCreatedResponse; text: string };

export function earlierAttemptError(kind: 'mismatch' | 'busy'): ApiError {
  return kind === 'mismatch'
    ? idempotencyMismatch()
    : new ApiError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly.');
}

/**
 * Holds that were all taken fresh may still belong to a key used before: an earlier attempt
 * with another body holds other products (or another group), which this attempt's objects
 * cannot see. Postgres, which this attempt is about to write to anyway, settles it before
 * anything else happens; the sold-out, full and closed answers never get here. On a match
 * with an order already created, or a mismatch, what this attempt took goes back.
 */
export async function settleEarlierAttempt(a: Attempt, held: Held, seat: { groupId: string; fresh: boolean } | null): Promise<Created | null> {
  if (held.prior) return null;
  const giveBack = () => giveBackFresh(a, held, seat);
  let earlier: Awaited<ReturnType<typeof findEarlierAttempt>>;
  try {
    earlier = await findEarlierAttempt(a.deps.db, a.key, a.requestHash);
  } catch (e) {
    // Postgres could not say (503): this may be a mismatched retry, whose units and seat would
    // then stay held under the real order's id for a whole window. Nothing was written yet, so
    // giving them back costs a retry of a first attempt only a new hold.
    await giveBack().catch((err) =>
      console.warn(JSON.stringify({ level: 'warn', msg: 'checkout: holds of a failed attempt not given back; they lapse', orderId: a.orderId, error: String(err) })),
    );
    throw e;
  }
  if (!earlier) return null;
  await giveBack();
  if (earlier.kind !== 'replay') throw earlierAttemptError(earlier.kind);
  return { status: 201, body: JSON.parse(earlier.text) as OrderCreatedResponse, text: earlier.text };
}

/** Gives back the units and the seat this attempt took itself; each is tried even if the other fails. */
async function giveBackFresh(a: Attempt, held: Held, seat: { groupId: string; fresh: boolean } | null): Promise<void> {
  const results = await Promise.allSettled([
    dropStock(a.deps.env, a.orderId, held.fresh, a.requestHash),
    seat?.fresh ? releaseGroupSeat(a.deps.env, seat.groupId, a.orderId) : Promise.resolve(),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * A group order takes a seat as well as a unit. Opening: the unit first, then the group (a
 * fresh group always has room; its Postgres row goes first, since orders refer to it). Joining:
 * the seat first, so a full or closed group answers before any stock is used, then the unit; a
 * unit that is not there gives the seat back. A retry finds its own seat and hold again; a
 * mismatched retry gives back only what it took itself.
 */
export async function holdGroupOrder(a: Attempt, body: OrderCreate, product: Product, line: PickedLine, expiresAt: number) {
  const { env } = a.deps;
  const { orderId, requestHash } = a;
  const offer = product.groupBuy;
  if (!offer) throw new ApiError('invalid_input', 'This product has no group offer.');
  const seat = { orderId, buyerEmail: body.buyer.email, buyerName: body.buyer.name, holdExpiresAt: expiresAt };
  const items = [{ productId: product.id, variantId: line.stockVariantId, quantity: 1 }];
  // Members of one group may pick different variants: each pays its variant's group price, the
  // leader its leader price where it has one. Without options the group's own price holds, and
  // the offer's leader price (团长价) is the leader's, as it is for a variant without its own.
  const memberPrice = (groupPrice: number, leader: boolean) => {
    const member = line.stockVariantId ? (line.variant.groupPrice?.amount ?? groupPrice) : groupPrice;
    const lead = leader ? (line.stockVariantId ? line.variant.leaderPrice?.amount : undefined) ?? offer.leaderPrice?.amount : undefined;
    return lead !== undefined ? Math.min(lead, member) : member;
  };
  if ('open' in body.group!) {
    const held: Held | { replay: Created } = await holdStock(env, orderId, items, expiresAt, requestHash);
    if (held.prior?.response) return { held, group: null, expiresAt };
    const replay = await settleEarlierAttempt(a, held, null);
    if (replay) return { held: { replay }, group: null, expiresAt };
    const at = held.prior?.expiresAt ?? expiresAt;
    const groupId = groupIdForLeader(orderId);
    const r = await openGroupForOrder(env, a.deps.db, {
      id: groupId,
      productId: product.id,
      size: offer.size,
      expiresAt: Date.now() + offer.durationMinutes * 60_000,
      priceAmount: offer.price.amount,
      autoFillPercent: offer.autoFillPercent ?? null,
      leader: { ...seat, holdExpiresAt: at },
    });
    return { held, group: { groupId, priceAmount: memberPrice(r.priceAmount, true) }, expiresAt: at };
  }
  const groupId = body.group!.join;
  const r = await joinGroupForOrder(env, groupId, product.id, seat);
  let held: Held;
  try {
    held = await holdStock(env, orderId, items, expiresAt, requestHash);
  } catch (e) {
    // Only a seat this attempt took goes back: a retry's seat is its order's.
    if (r.fresh) await releaseGroupSeat(env, groupId, orderId).catch(() => {});
    throw e;
  }
  const replay = await settleEarlierAttempt(a, held, { groupId, fresh: r.fresh });
  if (replay) return { held: { replay }, group: null, expiresAt };
  // A retry after the order's hold lapsed finds its seat gone and takes a fresh one, which the
  // order (cancelled, or about to be) can never use: it would keep a buyer out for a whole window.
  if (held.prior?.state === 'released') await releaseGroupSeat(env, groupId, orderId);
  return { held, group: { groupId, priceAmount: memberPrice(r.priceAmount, false) }, expiresAt: held.prior?.expiresAt ?? expiresAt };
}
