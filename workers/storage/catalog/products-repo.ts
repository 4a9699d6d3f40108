import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import type { Db } from '../db';
import type { Tx } from '../orders/orders-repo';
import { productChanges, products, type ProductRow } from '../schema';

export type NewProductRow = typeof products.$inferInsert;

/** Inserts a product; `inTx` runs in the same transaction (the audit entry), so both land or neither. */
export async function insertProduct(db: Db, row: NewProductRow, inTx?: (tx: Tx, created: ProductRow) => Promise<void>): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(products).values(row).returning();
    if (inTx) await inTx(tx, r!);
    return r!;
  });
}

export async function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const [r] = await db.select().from(products).where(eq(products.id, id)).limit(1);
  return r;
}

export async function findProducts(db: Db, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(products).where(inArray(products.id, ids));
}

export type ProductWrite =
  | { kind: 'applied'; before: ProductRow; row: ProductRow }
  | { kind: 'replay'; row: ProductRow }
  | { kind: 'mismatch' }
  | { kind: 'missing' };

/**
 * Applies a patch in one transaction; a stock delta is added in SQL so two concurrent ops edits
 * both count, and a total that would go negative throws a check violation (23514). With a
 * change id, the id is recorded with the patch's hash in the same transaction: an id seen
 * before applies nothing and is a replay when the hash matches, a mismatch otherwise.
 * `inTx` runs inside the transaction after the change (the audit entry), so both land or neither.
 */
export async function updateProductRow(
  db: Db,
  id: string,
  patch: Partial<NewProductRow>,
  opts: { stockDelta?: number; changeId?: string; requestHash?: string; inTx?: (tx: Tx, before: ProductRow, after: ProductRow) => Promise<void> } = {},
): Promise<ProductWrite> {
  const set: Record<string, unknown> = { ...patch, updatedAt: new Date() };
  if (opts.stockDelta !== undefined) set.stock = sql`${products.stock} + ${opts.stockDelta}`;
  return db.transaction(async (tx): Promise<ProductWrite> => {
    if (opts.changeId) {
      const [fresh] = await tx
        .insert(productChanges)
        .values({ changeId: opts.changeId, productId: id, requestHash: opts.requestHash ?? null })
        .onConflictDoNothing()
        .returning();
      if (!fresh) {
        const [seen] = await tx.select().from(productChanges).where(eq(productChanges.changeId, opts.changeId)).limit(1);
        if (seen && seen.requestHash !== null && seen.requestHash !== (opts.requestHash ?? null)) return { kind: 'mismatch' };
        const [r] = await tx.select().from(products).where(eq(products.id, id)).limit(1);
        return r ? { kind: 'replay', row: r } : { kind: 'missing' };
      }
    }
    const [before] = await tx.select().from(products).where(eq(products.id, id)).for('update');
    if (!before) return { kind: 'missing' };
    const [row] = await tx.update(products).set(set).where(eq(products.id, id)).returning();
    if (!row) return { kind: 'missing' };
    if (opts.inTx) await opts.inTx(tx, before, row);
    return { kind: 'applied', before, row };
  });
}

export async function listProductRows(
  db: Db,
  opts: { limit: number; cursor?: PageCursor; category?: string; includeInactive?: boolean },
): Promise<ProductRow[]> {
  const conds = [];
  if (!opts.includeInactive) conds.push(eq(products.active, true));
  if (opts.category) conds.push(eq(products.category, opts.category));
  if (opts.cursor) conds.push(olderThan(products.createdAt, products.id, opts.cursor));
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
