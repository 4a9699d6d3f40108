import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import type { Db } from '../db';
import type { Tx } from '../orders/orders-repo';
import { orderItems, productChanges, products, productVariants, type ProductRow, type VariantRow } from '../schema';

export type NewProductRow = typeof products.$inferInsert;
export type NewVariantRow = typeof productVariants.$inferInsert;

/** Inserts a product and its variants; `inTx` runs in the same transaction (the audit entry), so all land or none. */
export async function insertProduct(
  db: Db,
  row: NewProductRow,
  inTx?: (tx: Tx, created: ProductRow) => Promise<void>,
  variants: NewVariantRow[] = [],
): Promise<{ row: ProductRow; variants: VariantRow[] }> {
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(products).values(row).returning();
    const vs = variants.length ? await tx.insert(productVariants).values(variants).returning() : [];
    if (inTx) await inTx(tx, r!);
    return { row: r!, variants: vs };
  });
}

export async function findVariant(db: Db, id: string): Promise<VariantRow | undefined> {
  const [r] = await db.select().from(productVariants).where(eq(productVariants.id, id)).limit(1);
  return r;
}

/** The variants of these products, active or not, in their display order. */
export async function findVariants(db: Db, productIds: string[]): Promise<VariantRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select()
    .from(productVariants)
    .where(inArray(productVariants.productId, productIds))
    .orderBy(asc(productVariants.productId), asc(productVariants.position), asc(productVariants.createdAt));
}

/** One variant to write: a new one (with its absolute stock) or a change to an existing one. */
export interface VariantWrite {
  id: string;
  isNew: boolean;
  fields: Omit<NewVariantRow, 'id' | 'productId' | 'stock' | 'createdAt' | 'updatedAt'>;
  stock?: number;
  stockDelta?: number;
}

/**
 * Decides the variant writes from the variants as they are, read under the product's row lock.
 * Null leaves the variants alone. An active variant the plan does not write is retired.
 */
export type PlanVariants = (existing: VariantRow[]) => VariantWrite[] | null;

async function applyVariantPlan(tx: Tx, productId: string, plan: PlanVariants): Promise<VariantRow[] | null> {
  const existing = await tx.select().from(productVariants).where(eq(productVariants.productId, productId));
  const writes = plan(existing);
  if (!writes) return null;
  const now = new Date();
  for (const w of writes) {
    if (w.isNew) {
      await tx.insert(productVariants).values({ ...w.fields, id: w.id, productId, stock: w.stock ?? 0 });
    } else {
      const set: Record<string, unknown> = { ...w.fields, updatedAt: now };
      if (w.stock !== undefined) set.stock = w.stock;
      if (w.stockDelta !== undefined) set.stock = sql`${productVariants.stock} + ${w.stockDelta}`;
      await tx.update(productVariants).set(set).where(and(eq(productVariants.id, w.id), eq(productVariants.productId, productId)));
    }
  }
  const written = new Set(writes.map((w) => w.id));
  const gone = existing.filter((v) => v.active && !written.has(v.id)).map((v) => v.id);
  if (gone.length) {
    // Order lines refer to a variant that has sold: it goes off sale and stays.
    const sold = new Set(
      (await tx.selectDistinct({ id: orderItems.variantId }).from(orderItems).where(inArray(orderItems.variantId, gone))).map((r) => r.id),
    );
    const keep = gone.filter((id) => sold.has(id));
    const drop = gone.filter((id) => !sold.has(id));
    if (keep.length) await tx.update(productVariants).set({ active: false, updatedAt: now }).where(inArray(productVariants.id, keep));
    if (drop.length) await tx.delete(productVariants).where(inArray(productVariants.id, drop));
  }
  return tx.select().from(productVariants).where(eq(productVariants.productId, productId)).orderBy(asc(productVariants.position), asc(productVariants.createdAt));
}

/** What the product row says about its variants: the lowest and highest price and the stock of those on sale. */
function derivedFromVariants(variants: VariantRow[]): Partial<NewProductRow> {
  const on = variants.filter((v) => v.active);
  if (on.length === 0) return {};
  const prices = on.map((v) => v.priceAmount);
  return { priceAmount: Math.min(...prices), priceMaxAmount: Math.max(...prices), stock: on.reduce((a, v) => a + v.stock, 0) };
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
  | { kind: 'applied'; before: ProductRow; row: ProductRow; variants: VariantRow[] | null }
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
  opts: {
    stockDelta?: number;
    changeId?: string;
    requestHash?: string;
    planVariants?: PlanVariants;
    inTx?: (tx: Tx, before: ProductRow, after: ProductRow) => Promise<void>;
  } = {},
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
    const variants = opts.planVariants ? await applyVariantPlan(tx, id, opts.planVariants) : null;
    // A product with options takes its price and stock from its variants; without, it has no range.
    const options = (patch.options ?? before.options) as unknown[];
    if (options.length > 0) Object.assign(set, derivedFromVariants(variants ?? (await tx.select().from(productVariants).where(eq(productVariants.productId, id)))));
    else set.priceMaxAmount = null;
    const [row] = await tx.update(products).set(set).where(eq(products.id, id)).returning();
    if (!row) return { kind: 'missing' };
    if (opts.inTx) await opts.inTx(tx, before, row);
    return { kind: 'applied', before, row, variants };
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
