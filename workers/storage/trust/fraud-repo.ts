// Fraud signals and seller sightings. Signals change state once (open → released | reversed,
// by an ops decision); the ledger entries a decision writes go through ledger-repo.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { newId } from '../../../shared/ids';
import { PLATFORM_REFUND_REASONS, type OrderFacts } from '../../../shared/trust/fraud';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import type { Db } from '../db';
import type { Exec, Tx } from '../orders/orders-repo';
import type { ShippingAddress } from '../schema';
import { afterSales, commissionEntries, fraudSignals, links, orders, refundRequests, sellers, sellerVisitors, type FraudSignalRow, type FraudSignalState, type NewFraudSignal } from '../schema';

export type SignalInput = Omit<NewFraudSignal, 'id' | 'createdAt'>;

/** Idempotent on the dedupe key: a retried order or flush adds nothing. Returns the rows that are new. */
export async function insertSignals(exec: Exec, rows: SignalInput[]): Promise<FraudSignalRow[]> {
  if (rows.length === 0) return [];
  return exec
    .insert(fraudSignals)
    .values(rows.map((r) => ({ ...r, id: newId('f') })))
    .onConflictDoNothing({ target: fraudSignals.dedupeKey })
    .returning();
}

export async function recordSellerVisitor(db: Exec, sellerId: string, day: string, visitorHash: string): Promise<void> {
  await db.insert(sellerVisitors).values({ sellerId, day, visitorHash }).onConflictDoNothing();
}

export async function pruneSellerVisitors(db: Db, beforeDay: string): Promise<void> {
  await db.delete(sellerVisitors).where(lt(sellerVisitors.day, beforeDay));
}

/** Punctuation, spacing and case do not make another address; the recipient's name is left out on purpose. */
const addressKey = (a: SQL) =>
  sql`lower(regexp_replace(concat_ws('|', ${a}->>'line1', ${a}->>'city', ${a}->>'postalCode', ${a}->>'country'), '[[:space:][:punct:]]+', '', 'g'))`;

export interface OrderFactsQuery {
  orderId: string;
  sellerId: string;
  /** Null for an order a code or a binding attributed: the link-based counts are then zero. */
  linkId: string | null;
  buyerEmail: string;
  address: ShippingAddress;
  day: string;
  visitorHash: string | null;
  addressSince: Date;
  spikeSince: Date;
  refundSince: Date;
}

/**
 * Everything the order-time rules need, in one statement (it replaces the seller-email lookup
 * every commissionable order already paid for). The seller has no address of their own on
 * record, so "the seller's address" is any address their account email ordered to as a buyer.
 */
export async function findOrderFacts(db: Exec, q: OrderFactsQuery): Promise<OrderFacts & { found: boolean }> {
  const addr = sql`${JSON.stringify(q.address)}::jsonb`;
  const res = await db.execute<{
    seller_email: string | null;
    visitor_seen: boolean | null;
    address_seen: boolean;
    address_orders: number;
    spikes: string[] | null;
    refund_burst: boolean;
  }>(sql`
    with seller as (
      select a.email from ${sellers} s join accounts a on a.id = s.account_id where s.id = ${q.sellerId}
    )
    select
      (select email from seller) as seller_email,
      ${q.visitorHash === null ? sql`null::boolean` : sql`exists (select 1 from ${sellerVisitors} v where v.seller_id = ${q.sellerId} and v.day = ${q.day}::date and v.visitor_hash = ${q.visitorHash})`} as visitor_seen,
      exists (
        select 1 from ${orders} o where o.buyer_email = (select email from seller) and o.id <> ${q.orderId}
          and ${addressKey(sql`o.shipping_address`)} = ${addressKey(addr)}
      ) as address_seen,
      (select count(*)::int from ${orders} o
        where o.attributed_seller_id = ${q.sellerId} and o.attributed_link_id = ${q.linkId} and o.id <> ${q.orderId}
          and o.created_at > ${q.addressSince.toISOString()}::timestamptz
          and ${addressKey(sql`o.shipping_address`)} = ${addressKey(addr)}) as address_orders,
      (select array_agg(distinct f.kind) from ${fraudSignals} f
        where f.link_id = ${q.linkId} and f.order_id is null and f.kind in ('click_spike_visitor', 'click_spike_asn')
          and f.created_at > ${q.spikeSince.toISOString()}::timestamptz) as spikes,
      exists (select 1 from ${fraudSignals} f where f.seller_id = ${q.sellerId} and f.order_id is null and f.kind = 'refund_burst'
          and f.created_at > ${q.refundSince.toISOString()}::timestamptz) as refund_burst
  `);
  const r = res.rows[0]!;
  return {
    found: r.seller_email !== null,
    sellerEmail: r.seller_email !== null && r.seller_email === q.buyerEmail.toLowerCase(),
    sellerVisitor: r.visitor_seen,
    sellerAddress: r.address_seen,
    earlierAddressOrders: Number(r.address_orders),
    recentSpikes: (r.spikes ?? []) as OrderFacts['recentSpikes'],
    refundBurst: r.refund_burst,
  };
}

const platformRefund = (orderId: SQL) =>
  sql`exists (select 1 from ${refundRequests} r where r.order_id = ${orderId} and r.reason in (${sql.join(
    PLATFORM_REFUND_REASONS.map((x) => sql`${x}`),
    sql`, `,
  )}))`;

/** Refunds of the seller's attributed orders since `since` that a burst counts: the platform's own refunds are left out (the caller holds the seller's ledger lock). */
export async function countSellerRefunds(tx: Tx, sellerId: string, since: Date): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(
      and(
        eq(orders.attributedSellerId, sellerId),
        eq(orders.status, 'refunded'),
        sql`${orders.refundedAt} > ${since.toISOString()}::timestamptz`,
        sql`not ${platformRefund(sql`${orders.id}`)}`,
        // An order refunded by after-sales is counted by them, below, once each.
        sql`not exists (select 1 from ${afterSales} s where s.order_id = ${orders.id} and s.status = 'refunded')`,
      ),
    );
  // Each of the buyer's own after-sale refunds counts: they are the buyer's request, not the platform's.
  const [a] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(afterSales)
    .innerJoin(orders, eq(orders.id, afterSales.orderId))
    .where(and(eq(orders.attributedSellerId, sellerId), eq(afterSales.status, 'refunded'), sql`${afterSales.refundedAt} > ${since.toISOString()}::timestamptz`));
  return (r?.n ?? 0) + (a?.n ?? 0);
}

/** Whether the platform decided this order's refund itself (see PLATFORM_REFUND_REASONS). */
export async function isPlatformRefund(exec: Exec, orderId: string): Promise<boolean> {
  const res = await exec.execute<{ yes: boolean }>(sql`select ${platformRefund(sql`${orderId}`)} as yes`);
  return res.rows[0]?.yes === true;
}

/** Holds every order of the seller whose level-1 commission is accrued and neither released nor corrected yet. */
export async function holdUnreleasedOrders(tx: Tx, sellerId: string, observed: number, threshold: number): Promise<number> {
  const res = await tx.execute(sql`
    insert into ${fraudSignals} (id, dedupe_key, kind, seller_id, link_id, order_id, observed, threshold, state)
    select 'f_' || replace(gen_random_uuid()::text, '-', ''), 'order:' || a.order_id || ':refund_burst', 'refund_burst', ${sellerId}, o.attributed_link_id, a.order_id, ${observed}, ${threshold}, 'open'
    from ${commissionEntries} a join ${orders} o on o.id = a.order_id
    where a.seller_id = ${sellerId} and a.kind = 'accrue' and a.level = 1 and o.status <> 'refunded'
      and not exists (select 1 from ${commissionEntries} c where c.order_id = a.order_id and c.seller_id = a.seller_id and c.level = 1
                        and (c.kind = 'release' or (c.kind in ('reverse', 'clawback') and c.after_sale_id is null)))
    on conflict (dedupe_key) do nothing`);
  return res.rowCount ?? 0;
}

/** Whether any of the order's signals is in one of these states. */
export async function hasSignalsIn(exec: Exec, orderId: string, states: FraudSignalState[]): Promise<boolean> {
  const [r] = await exec
    .select({ id: fraudSignals.id })
    .from(fraudSignals)
    .where(and(eq(fraudSignals.orderId, orderId), inArray(fraudSignals.state, states)))
    .limit(1);
  return r !== undefined;
}

/** The order's undecided holds, locked until the decision commits. */
export async function lockOpenSignals(tx: Tx, orderId: string): Promise<FraudSignalRow[]> {
  return tx
    .select()
    .from(fraudSignals)
    .where(and(eq(fraudSignals.orderId, orderId), eq(fraudSignals.state, 'open')))
    .orderBy(fraudSignals.createdAt)
    .for('update');
}

export async function decideSignals(tx: Tx, ids: string[], state: 'released' | 'reversed', actor: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(fraudSignals).set({ state, decidedBy: actor, decidedAt: at }).where(and(inArray(fraudSignals.id, ids), eq(fraudSignals.state, 'open')));
}

export interface SignalListRow {
  signal: FraudSignalRow;
  sellerHandle: string | null;
  linkCode: string | null;
  orderStatus: string | null;
  orderTotal: number | null;
}

/** Newest first; `state` filters (open holds by default on the page). Signals whose order was never written are left out. */
export async function listSignalRows(db: Db, opts: { state?: FraudSignalState; limit: number; before?: PageCursor }): Promise<SignalListRow[]> {
  return db
    .select({
      signal: fraudSignals,
      sellerHandle: sellers.handle,
      linkCode: links.code,
      orderStatus: orders.status,
      orderTotal: orders.totalAmount,
    })
    .from(fraudSignals)
    .leftJoin(links, eq(links.id, fraudSignals.linkId))
    .leftJoin(sellers, sql`${sellers.id} = coalesce(${fraudSignals.sellerId}, ${links.sellerId})`)
    .leftJoin(orders, eq(orders.id, fraudSignals.orderId))
    .where(
      and(
        opts.state ? eq(fraudSignals.state, opts.state) : undefined,
        opts.before ? olderThan(fraudSignals.createdAt, fraudSignals.id, opts.before) : undefined,
        sql`(${fraudSignals.orderId} is null or ${orders.id} is not null)`,
      ),
    )
    .orderBy(desc(fraudSignals.createdAt), desc(fraudSignals.id))
    .limit(opts.limit);
}
