import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { productChanges, products, type ProductRow } from '../schema';

export type NewProductRow = typeof products.$inferInsert;

export async function insertProduct(db: Db, row: NewProductRow): Promise<ProductRow> {
  const [r] = await db.insert(products).values(row).returning();
  return r!;
}

export async function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const [r] = await db.select().from(products).where(eq(products.id, id)).limit(1);
  return r;
}

export async function findProducts(db: Db, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(products).where(inArray(products.id, ids));
}

/**
 * Applies a patch; a stock delta is added atomically in SQL so two concurrent ops
 * edits both count. Returns undefined when the product does not exist, and throws
 * a check violation (23514) if the total would go negative.
 */
/**
 * Applies a patch. With a change id the patch and the id's record are one transaction, and an
 * id seen before applies nothing: the row as it stands is returned (`applied: false`).
 */
export async function updateProductRow(
  db: Db,
  id: string,
  patch: Partial<NewProductRow>,
  stockDelta?: number,
  changeId?: string,
): Promise<{ row: ProductRow | undefined; applied: boolean }> {
  const set: Record<string, unknown> = { ...patch, updatedAt: new Date() };
  if (stockDelta !== undefined) set.stock = sql`${products.stock} + ${stockDelta}`;
  if (!changeId) {
    const [r] = await db.update(products).set(set).where(eq(products.id, id)).returning();
    return { row: r, applied: true };
  }
  return db.transaction(async (tx) => {
    const [fresh] = await tx.insert(productChanges).values({ changeId, productId: id }).onConflictDoNothing().returning();
    if (!fresh) {
      const [r] = await tx.select().from(products).where(eq(products.id, id)).limit(1);
      return { row: r, applied: false };
    }
    const [r] = await tx.update(products).set(set).where(eq(products.id, id)).returning();
    return { row: r, applied: true };
  });
}

export interface ListCursor {
  createdAt: string;
  id: string;
}

export async function listProductRows(
  db: Db,
  opts: { limit: number; cursor?: ListCursor; category?: string; includeInactive?: boolean },
): Promise<ProductRow[]> {
  const conds = [];
  if (!opts.includeInactive) conds.push(eq(products.active, true));
  if (opts.category) conds.push(eq(products.category, opts.category));
  if (opts.cursor) {
    const at = new Date(opts.cursor.createdAt);
    conds.push(or(lt(products.createdAt, at), and(eq(products.createdAt, at), lt(products.id, opts.cursor.id))));
  }
  return db
    .select()
    .from(products)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(opts.limit);
}

export async function listActiveProductsByCategory(db: Db, perCategory: number): Promise<ProductRow[]> {
  const rows = await db.select().from(products).where(eq(products.active, true)).orderBy(asc(products.category), desc(products.createdAt));
  const seen = new Map<string, number>();
  return rows.filter((r) => {
    const n = seen.get(r.category) ?? 0;
    seen.set(r.category, n + 1);
    return n < perCategory;
  });
}
