import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Product, ProductCreate, ProductPatch } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { invalidatePages } from './page-cache';
import {
  findProduct,
  findProducts,
  insertProduct,
  listActiveProductsByCategory,
  listProductRows,
  updateProductRow,
  type NewProductRow,
  type ProductWrite,
} from '../../storage/catalog/products-repo';
import type { Tx } from '../../storage/orders/orders-repo';
import type { ProductRow } from '../../storage/schema';
import { listOpenGroups } from './group-listings';
import { requestHashOf } from '../identity/crypto';
import { availableStock, syncStockTotal } from './stock';

export type LazyDb = () => Db;

/** Public product shape. `stockAvailable` is filled from the Stock authority where one exists. */
export function toProductView(r: ProductRow): Product {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    images: r.images,
    price: { amount: r.priceAmount, currency: 'CNY' },
    stock: r.stock,
    stockAvailable: r.stock,
    commission: { level1Bps: r.level1Bps, level2Bps: r.level2Bps },
    groupBuy:
      r.groupSize && r.groupPriceAmount !== null && r.groupDurationMinutes
        ? {
            size: r.groupSize,
            price: { amount: r.groupPriceAmount, currency: 'CNY' },
            durationMinutes: r.groupDurationMinutes,
            autoFillPercent: r.groupAutoFillPercent,
          }
        : null,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function toRowPatch(b: ProductPatch): Partial<NewProductRow> {
  const p: Partial<NewProductRow> = {};
  if (b.title !== undefined) p.title = b.title;
  if (b.description !== undefined) p.description = b.description;
  if (b.category !== undefined) p.category = b.category;
  if (b.images !== undefined) p.images = b.images;
  if (b.price !== undefined) p.priceAmount = b.price.amount;
  if (b.stock !== undefined) p.stock = b.stock;
  if (b.active !== undefined) p.active = b.active;
  if (b.commission !== undefined) {
    p.level1Bps = b.commission.level1Bps;
    p.level2Bps = b.commission.level2Bps;
  }
  if (b.groupBuy !== undefined) {
    p.groupSize = b.groupBuy?.size ?? null;
    p.groupPriceAmount = b.groupBuy?.price.amount ?? null;
    p.groupDurationMinutes = b.groupBuy?.durationMinutes ?? null;
    p.groupAutoFillPercent = b.groupBuy?.autoFillPercent ?? null;
  }
  return p;
}

function assertGroupPriceBelowSingle(price: number, group: ProductCreate['groupBuy']) {
  if (group && group.price.amount >= price) {
    throw new ApiError('invalid_input', 'groupBuy.price must be lower than the single price.');
  }
}

// ---- snapshots: the hot path reads these, never Postgres on a warm cache ----

const productKey = (id: string) => `p:${id}`;
const HOME_KEY = 'home:v1';

export interface HomeSnapshot {
  categories: { category: string; productIds: string[] }[];
}

// Read-through snapshots expire on their own as well, so a snapshot a slow reader wrote
// over a newer change can never stay stale for long.
const SNAPSHOT_TTL_SECONDS = 3600;

async function writeProductSnapshot(env: AppEnv, view: Product) {
  await env.CATALOG.put(productKey(view.id), JSON.stringify(view), { expirationTtl: SNAPSHOT_TTL_SECONDS });
}

/**
 * Explicit invalidation after any ops change. The snapshot is dropped rather than rewritten:
 * two concurrent edits could otherwise land their snapshots in the wrong order. The next
 * view reads Postgres once and writes the current row.
 */
export async function invalidateProduct(env: AppEnv, productId: string) {
  productMemo.delete(productId);
  await Promise.all([env.CATALOG.delete(productKey(productId)), env.CATALOG.delete(HOME_KEY)]);
  invalidatePages(`p:${productId}`);
}

export async function getProductView(env: AppEnv, db: LazyDb, id: string): Promise<Product | null> {
  const cached = await env.CATALOG.get<Product>(productKey(id), 'json');
  if (cached) return cached;
  const row = await findProduct(db(), id);
  if (!row) return null;
  const view = toProductView(row);
  await writeProductSnapshot(env, view);
  return view;
}

/** The product with `stockAvailable` from the Stock objects, the authority on what can still be bought. */
export async function getProductWithStockOrThrow(env: AppEnv, db: LazyDb, id: string): Promise<Product> {
  const view = await getProductOrThrow(env, db, id);
  return { ...view, stockAvailable: await availableStock(env, id) };
}

export async function getProductOrThrow(env: AppEnv, db: LazyDb, id: string, opts: { includeInactive?: boolean } = {}): Promise<Product> {
  const view = await getProductView(env, db, id);
  if (!view || (!view.active && !opts.includeInactive)) throw new ApiError('not_found', 'No such product.');
  return view;
}

// Checkout reads its products here on every attempt of a burst. An isolate keeps each snapshot
// for PRODUCT_MEMO_MS on top of KV (which itself may lag a change by up to a minute at the
// edge); an ops change through this isolate drops it at once.
const PRODUCT_MEMO_MS = 2_000;
const PRODUCT_MEMO_MAX = 2_000;
const productMemo = new Map<string, { view: Product; at: number }>();

/** Products by id, in the order asked, skipping unknown and inactive ones. */
export async function getProductViews(env: AppEnv, db: LazyDb, ids: string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, Product>();
  const now = Date.now();
  for (const id of ids) {
    const m = productMemo.get(id);
    if (m && now - m.at < PRODUCT_MEMO_MS) found.set(id, m.view);
  }
  const toRead = ids.filter((id) => !found.has(id));
  for (let i = 0; i < toRead.length; i += 100) {
    const chunk = toRead.slice(i, i + 100);
    const got = await env.CATALOG.get<Product>(chunk.map(productKey), 'json');
    for (const id of chunk) {
      const v = got.get(productKey(id));
      if (v) found.set(id, v);
    }
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    const rows = await findProducts(db(), missing);
    await Promise.all(
      rows.map(async (r) => {
        const v = toProductView(r);
        found.set(r.id, v);
        await writeProductSnapshot(env, v);
      }),
    );
  }
  for (const id of toRead) {
    const v = found.get(id);
    if (v) {
      if (productMemo.size >= PRODUCT_MEMO_MAX) productMemo.clear();
      productMemo.set(id, { view: v, at: now });
    }
  }
  return ids.map((id) => found.get(id)).filter((v): v is Product => !!v && v.active);
}

export async function getHomeSnapshot(env: AppEnv, db: LazyDb): Promise<HomeSnapshot> {
  const cached = await env.CATALOG.get<HomeSnapshot>(HOME_KEY, 'json');
  if (cached) return cached;
  const rows = await listActiveProductsByCategory(db(), 8);
  const byCat = new Map<string, string[]>();
  for (const r of rows) byCat.set(r.category, [...(byCat.get(r.category) ?? []), r.id]);
  const snap: HomeSnapshot = { categories: [...byCat].map(([category, productIds]) => ({ category, productIds })) };
  await Promise.all([env.CATALOG.put(HOME_KEY, JSON.stringify(snap), { expirationTtl: SNAPSHOT_TTL_SECONDS }), ...rows.map((r) => writeProductSnapshot(env, toProductView(r)))]);
  return snap;
}

/** The API's product detail: live availability plus the open groups a visitor could join (from KV, kept by the groups). */
export async function getProductDetail(env: AppEnv, db: LazyDb, id: string): Promise<Product> {
  const product = await getProductWithStockOrThrow(env, db, id);
  const openGroups = product.groupBuy ? (await listOpenGroups(env, id)).map(({ id, members, size, expiresAt }) => ({ id, members, size, expiresAt })) : [];
  return { ...product, openGroups };
}

// ---- ops verbs ----

/** Runs inside the transaction that writes the product (the ops audit entry), so both land or neither. */
export type ProductWriteHook = (tx: Tx, before: ProductRow | null, after: ProductRow) => Promise<void>;

export async function createProduct(env: AppEnv, db: Db, body: ProductCreate, opts: { active?: boolean; inTx?: ProductWriteHook } = {}): Promise<Product> {
  assertGroupPriceBelowSingle(body.price.amount, body.groupBuy);
  const row = await insertProduct(
    db,
    {
      id: newId('p'),
      title: body.title,
      description: body.description,
      category: body.category,
      images: body.images,
      priceAmount: body.price.amount,
      stock: body.stock,
      level1Bps: body.commission.level1Bps,
      level2Bps: body.commission.level2Bps,
      ...(opts.active === false ? { active: false } : {}),
      ...toRowPatch({ groupBuy: body.groupBuy ?? null }),
    },
    opts.inTx ? (tx, created) => opts.inTx!(tx, null, created) : undefined,
  );
  await syncStockTotal(env, row.id, row.stock, row.updatedAt.getTime());
  const view = toProductView(row);
  await invalidateProduct(env, view.id);
  return view;
}

/**
 * `changeId` (the request's Idempotency-Key) makes a retry safe: Postgres records it with the
 * change and the patch's hash, so a retry after a failed Stock sync re-syncs without applying a
 * stockDelta again, and the same key with another patch is refused (422 idempotency_mismatch).
 */
export async function updateProduct(env: AppEnv, db: Db, id: string, body: ProductPatch, changeId?: string, opts: { inTx?: ProductWriteHook } = {}): Promise<Product> {
  const existing = await findProduct(db, id);
  if (!existing) throw new ApiError('not_found', 'No such product.');
  const nextPrice = body.price?.amount ?? existing.priceAmount;
  const nextGroup =
    body.groupBuy !== undefined ? body.groupBuy : existing.groupPriceAmount !== null ? { price: { amount: existing.groupPriceAmount } } : null;
  assertGroupPriceBelowSingle(nextPrice, nextGroup as ProductCreate['groupBuy']);
  if (body.stockDelta !== undefined && existing.stock + body.stockDelta < 0) {
    throw new ApiError('invalid_input', `stockDelta would take stock below zero (stock is ${existing.stock}).`);
  }
  let write: ProductWrite;
  try {
    write = await updateProductRow(db, id, toRowPatch(body), {
      stockDelta: body.stockDelta,
      changeId: changeId ? `${id}:${changeId}` : undefined,
      requestHash: changeId ? await requestHashOf(body) : undefined,
      inTx: opts.inTx,
    });
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code === '23514') throw new ApiError('conflict', 'That change would take stock below zero.');
    throw e;
  }
  if (write.kind === 'mismatch') throw new ApiError('idempotency_mismatch', 'This Idempotency-Key was used with a different change.');
  if (write.kind === 'missing') throw new ApiError('not_found', 'No such product.');
  const row = write.row;
  if (body.stock !== undefined || body.stockDelta !== undefined) await syncStockTotal(env, row.id, row.stock, row.updatedAt.getTime());
  const view = toProductView(row);
  await invalidateProduct(env, view.id);
  return view;
}

// ---- listing (API; paginated straight from Postgres, ordered newest first) ----

export async function listProducts(db: Db, q: { limit: number; cursor?: string; category?: string }) {
  const rows = await listProductRows(db, { limit: q.limit + 1, cursor: q.cursor ? decodeCursor(q.cursor) : undefined, category: q.category });
  return pageOf(rows, q.limit, toProductView);
}
