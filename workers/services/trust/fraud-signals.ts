// Referral fraud signals raised at order and refund time (click spikes are counted by the
// ClickCounter object). A signal on an order holds its commission until ops decide
// (fraud-decisions.ts); the rules themselves are pure, in shared/trust/fraud.ts.
import { parseFlag, type Attribution } from '../../../shared/links/attribution';
import { utcDay } from '../../../shared/links/clicks';
import { ADDRESS_WINDOW_DAYS, fraudThresholds, orderSignals, REFUND_WINDOW_HOURS, SPIKE_HOLD_MS } from '../../../shared/trust/fraud';
import type { AppEnv } from '../../env';
import { withDb, type Db } from '../../storage/db';
import { countSellerRefunds, findOrderFacts, holdUnreleasedOrders, insertSignals, isPlatformRefund, pruneSellerVisitors, recordSellerVisitor, type SignalInput } from '../../storage/trust/fraud-repo';
import { lockSellers } from '../../storage/ledger/ledger-repo';
import type { Tx } from '../../storage/orders/orders-repo';
import type { OrderRow, ShippingAddress } from '../../storage/schema';
import { visitorHash } from '../links/clicks';
import { clientAddress } from '../limits/client-address';

/** The caller's address and browser. The address only when the platform (or the dev proxy) names it: no address, no visitor. */
export interface Client {
  ip: string | null;
  ua: string;
}

export function clientOf(env: Pick<AppEnv, 'ENVIRONMENT'>, req: Request): Client {
  return { ip: clientAddress(env, req) ?? null, ua: req.headers.get('user-agent') ?? '' };
}

const clientHash = (env: Pick<AppEnv, 'VISITOR_SALT'>, day: string, c: Client | undefined) =>
  c?.ip ? visitorHash(env.VISITOR_SALT, day, c.ip, c.ua) : Promise.resolve(null);

// Sightings already written by this isolate today: a seller browsing costs one insert per device and day.
const sighted = new Set<string>();

/** Remembers that this seller was seen from this visitor today (off the response path). */
export async function noteSellerVisit(env: AppEnv, sellerId: string, client: Client, now = Date.now()): Promise<void> {
  const day = utcDay(now);
  const hash = await clientHash(env, day, client);
  if (!hash) return;
  const key = `${sellerId}|${day}|${hash}`;
  if (sighted.has(key)) return;
  if (sighted.size > 10_000) sighted.clear();
  sighted.add(key);
  await withDb(env, (db) => recordSellerVisitor(db, sellerId, day, hash)).catch((e) => {
    sighted.delete(key);
    console.warn(JSON.stringify({ level: 'warn', msg: 'seller sighting not recorded', error: String(e) }));
  });
}

/** Sightings are compared within their own day only; two days are kept for orders around midnight. */
export const pruneSellerSightings = (db: Db, now: Date) => pruneSellerVisitors(db, utcDay(now.getTime() - 2 * 86_400_000));

/** A code or a binding names no link: its link-based signals (address repeats, click spikes) do not apply. */
export type AssessedAttribution = Omit<Attribution, 'linkId'> & { linkId: string | null };

export interface OrderAssessment<A extends AssessedAttribution = Attribution> {
  orderId: string;
  attribution: A;
  buyerEmail: string;
  address: ShippingAddress;
  client?: Client;
}

/**
 * The order-time check of a commissionable attribution. The seller's own email as buyer is
 * not commissionable at all (unless SELF_PURCHASE_COMMISSION); every other signal keeps the
 * order commissionable but holds its commission for ops. Signals are written before the order
 * (keyed on the order id, so a retried attempt writes nothing twice); one whose order never
 * lands is never shown.
 */
export async function assessAttributedOrder<A extends AssessedAttribution>(env: AppEnv, db: Db, a: OrderAssessment<A>, now = Date.now()): Promise<A> {
  const day = utcDay(now);
  const facts = await findOrderFacts(db, {
    orderId: a.orderId,
    sellerId: a.attribution.sellerId,
    linkId: a.attribution.linkId,
    buyerEmail: a.buyerEmail,
    address: a.address,
    day,
    visitorHash: await clientHash(env, day, a.client),
    addressSince: new Date(now - ADDRESS_WINDOW_DAYS * 86_400_000),
    spikeSince: new Date(now - SPIKE_HOLD_MS),
    refundSince: new Date(now - REFUND_WINDOW_HOURS * 3_600_000),
  });
  if (!facts.found) return a.attribution;
  if (facts.sellerEmail && !parseFlag(env.SELF_PURCHASE_COMMISSION)) return { ...a.attribution, commissionable: false };
  const signals = orderSignals(facts, fraudThresholds(env));
  await insertSignals(
    db,
    signals.map(
      (s): SignalInput => ({
        dedupeKey: `order:${a.orderId}:${s.kind}`,
        kind: s.kind,
        sellerId: a.attribution.sellerId,
        linkId: a.attribution.linkId,
        orderId: a.orderId,
        observed: s.observed,
        threshold: s.threshold,
        state: 'open',
      }),
    ),
  );
  return a.attribution;
}

/**
 * Called in the transaction that marks an attributed order refunded; only refunds of a buyer's
 * order count (never the platform's own, see PLATFORM_REFUND_REASONS). Under the seller's ledger
 * lock (which every refund of theirs with commission takes anyway), so concurrent refunds count
 * each other: the refund that reaches the threshold records the burst, and it and every later
 * one in the window hold the seller's commissions not yet released.
 */
export async function noteRefundForSignals(tx: Tx, env: AppEnv, order: Pick<OrderRow, 'id' | 'attributedSellerId' | 'attributedLinkId'>, now = Date.now()): Promise<void> {
  const sellerId = order.attributedSellerId;
  if (!sellerId) return;
  // A refund the platform decided (a failed group, a voided payment) says nothing about the seller.
  if (await isPlatformRefund(tx, order.id)) return;
  await lockSellers(tx, [sellerId]);
  const windowMs = REFUND_WINDOW_HOURS * 3_600_000;
  const refunds = await countSellerRefunds(tx, sellerId, new Date(now - windowMs));
  const threshold = fraudThresholds(env).refundBurst;
  if (refunds < threshold) return;
  await insertSignals(tx, [
    {
      dedupeKey: `seller:${sellerId}:refund_burst:${Math.floor(now / windowMs)}`,
      kind: 'refund_burst',
      sellerId,
      linkId: order.attributedLinkId,
      observed: refunds,
      threshold,
      state: 'observed',
    },
  ]);
  await holdUnreleasedOrders(tx, sellerId, refunds, threshold);
}
