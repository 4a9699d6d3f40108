// Reads behind the ops product and order lists: search by text, category, status and day, and
// one order's ledger entries. Only reads; every change goes through the same verbs as the ops JSON API.
import { and, asc, desc, eq, gte, ilike, lt, or } from 'drizzle-orm';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { Db } from '../db';
import { commissionEntries, orders, products, sellers, type CommissionEntryRow, type OrderRow, type ProductRow } from '../schema';

// ILIKE patterns are built from user input: escape its wildcards so they match literally.
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Products, active or not, by title or exact id and by category; newest first. */
export async function searchProductRows(db: Db, f: { q?: string; category?: string; limit: number; offset: number }): Promise<ProductRow[]> {
  const conds = [];
  if (f.q) conds.push(or(eq(products.id, f.q), ilike(products.title, `%${likeEscape(f.q)}%`)));
  if (f.category) conds.push(eq(products.category, f.category));
  return db
    .select()
    .from(products)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function productCategories(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ category: products.category }).from(products).orderBy(asc(products.category));
  return rows.map((r) => r.category);
}

export interface OrderSearch {
  status?: OrderStatus;
  from?: Date;
  to?: Date;
  /** An order id (exact) or part of the buyer's email. */
  q?: string;
  limit: number;
  offset: number;
}

/** Newest first; `from` inclusive, `to` exclusive. */
export async function searchOrderRows(db: Db, f: OrderSearch): Promise<OrderRow[]> {
  const conds = [];
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.from) conds.push(gte(orders.createdAt, f.from));
  if (f.to) conds.push(lt(orders.createdAt, f.to));
  if (f.q) conds.push(or(eq(orders.id, f.q), ilike(orders.buyerEmail, `%${likeEscape(f.q.toLowerCase())}%`)));
  return db
    .select()
    .from(orders)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit)
    .offset(f.offset);
}

/** Every ledger entry that names this order, in commit order, with the seller's handle. */
export async function orderLedgerEntries(db: Db, orderId: string): Promise<(CommissionEntryRow & { handle: string | null })[]> {
  const rows = await db
    .select({ e: commissionEntries, handle: sellers.handle })
    .from(commissionEntries)
    .leftJoin(sellers, eq(sellers.id, commissionEntries.sellerId))
    .where(eq(commissionEntries.orderId, orderId))
    .orderBy(asc(commissionEntries.seq));
  return rows.map((r) => ({ ...r.e, handle: r.handle }));
}
