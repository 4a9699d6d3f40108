// Reads for the ops overview: 30 days of order totals, group outcomes, top sellers and the
// products that may be running low. Only reads.
import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { Db } from '../db';
import { groups, orderItems, orders, products, productVariants, sellers, type ProductRow, type VariantRow } from '../schema';

// Statuses that mean the buyer's money arrived and stayed: they count as GMV and paid orders.
const PAID_STATUSES: readonly OrderStatus[] = ['awaiting_group', 'paid', 'confirmed', 'shipped', 'delivered', 'completed'];

export interface DayTotals {
  /** YYYY-MM-DD in the shop's time zone. */
  day: string;
  orders: number;
  paidOrders: number;
  gmv: number;
}

/** Orders placed per day since `since`, days in `timeZone` (Asia/Shanghai for the shop). */
export async function dailyOrderTotals(db: Db, since: Date, timeZone: string): Promise<DayTotals[]> {
  const day = sql<string>`to_char(${orders.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const paid = sql`${orders.status} in (${sql.join(
    PAID_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )})`;
  const rows = await db
    .select({
      day,
      orders: sql<number>`count(*)::int`,
      paidOrders: sql<number>`(count(*) filter (where ${paid}))::int`,
      gmv: sql<number>`coalesce(sum(${orders.totalAmount}) filter (where ${paid}), 0)::bigint`,
    })
    .from(orders)
    .where(gte(orders.createdAt, since))
    // By position: the zone is a bound parameter, so a repeated expression would not match.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ ...r, gmv: Number(r.gmv) }));
}

export interface GroupOutcomes {
  open: number;
  succeeded: number;
  failed: number;
}

/** Groups opened since `since`, by status. */
export async function groupOutcomes(db: Db, since: Date): Promise<GroupOutcomes> {
  const rows = await db
    .select({ status: groups.status, n: sql<number>`count(*)::int` })
    .from(groups)
    .where(gte(groups.createdAt, since))
    .groupBy(groups.status);
  const out: GroupOutcomes = { open: 0, succeeded: 0, failed: 0 };
  for (const r of rows) if (r.status in out) out[r.status as keyof GroupOutcomes] = r.n;
  return out;
}

export interface TopSellerRow {
  sellerId: string;
  handle: string;
  displayName: string;
  orders: number;
  sales: number;
}

/** Sellers by the paid sales attributed to them since `since`. */
export async function topSellersBySales(db: Db, since: Date, limit: number): Promise<TopSellerRow[]> {
  const sales = sql<number>`sum(${orders.totalAmount})::bigint`;
  const rows = await db
    .select({ sellerId: sellers.id, handle: sellers.handle, displayName: sellers.displayName, orders: sql<number>`count(*)::int`, sales })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.attributedSellerId))
    .where(and(gte(orders.createdAt, since), inArray(orders.status, [...PAID_STATUSES])))
    .groupBy(sellers.id, sellers.handle, sellers.displayName)
    .orderBy(desc(sales), asc(sellers.handle))
    .limit(limit);
  return rows.map((r) => ({ ...r, sales: Number(r.sales) }));
}

// Units an order keeps from stock while it is in one of these statuses (an estimate: the Stock
// objects are the authority, and hold reservations this does not see).
const HOLDING_STATUSES: readonly OrderStatus[] = ['pending_payment', ...PAID_STATUSES];

/**
 * Active products whose stock, less the units of orders holding it, is at most `atMost`:
 * the candidates for stock alerts, newest first. Postgres narrows the list so only these few
 * ask their Stock objects.
 */
export async function lowStockCandidates(db: Db, atMost: number, limit: number): Promise<ProductRow[]> {
  const held = sql<number>`coalesce((
    select sum(${orderItems.quantity}) from ${orderItems} join ${orders} on ${orders.id} = ${orderItems.orderId}
    where ${orderItems.productId} = ${products.id} and ${orders.status} in (${sql.join(
      HOLDING_STATUSES.map((st) => sql`${st}`),
      sql`, `,
    )})), 0)`;
  return db
    .select()
    .from(products)
    // A product with options is alerted per variant (lowStockVariantCandidates).
    .where(and(eq(products.active, true), sql`jsonb_array_length(${products.options}) = 0`, sql`${products.stock} - ${held} <= ${atMost}`))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(limit);
}

/** The same for the variants on sale of products with options, each with its product's title. */
export async function lowStockVariantCandidates(db: Db, atMost: number, limit: number): Promise<(VariantRow & { title: string; productOptions: ProductRow['options'] })[]> {
  const held = sql<number>`coalesce((
    select sum(${orderItems.quantity}) from ${orderItems} join ${orders} on ${orders.id} = ${orderItems.orderId}
    where ${orderItems.variantId} = ${productVariants.id} and ${orders.status} in (${sql.join(
      HOLDING_STATUSES.map((st) => sql`${st}`),
      sql`, `,
    )})), 0)`;
  const rows = await db
    .select({ v: productVariants, title: products.title, productOptions: products.options })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(eq(products.active, true), eq(productVariants.active, true), sql`${productVariants.stock} - ${held} <= ${atMost}`))
    .orderBy(desc(products.createdAt), asc(productVariants.position))
    .limit(limit);
  return rows.map((r) => ({ ...r.v, title: r.title, productOptions: r.productOptions }));
}
