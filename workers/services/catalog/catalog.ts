import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import type { Product, Variant } from '../../../shared/schemas';
import { normaliseChoice } from '../../../shared/catalog/variants';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { invalidatePages } from './page-cache';
import { findProduct, findProducts, findVariants, listActiveProductsByCategory, listProductRows } from '../../storage/catalog/products-repo';
import type { ProductRow, VariantRow } from '../../storage/schema';
import { listOpenGroups } from './group-listings';
import { availableStock } from './stock';

export type LazyDb = () => Db;

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

/**
 * The variants a product is sold as: its active variant rows when it has options, or else its one
 * default variant, which carries the product's own id, price, stock and group price.
 */
function variantViews(r: ProductRow, rows: VariantRow[]): Variant[] {
  const offer = r.groupSize && r.groupPriceAmount !== null && r.groupDurationMinutes ? r.groupPriceAmount : null;
  if ((r.options ?? []).length === 0) {
    const leader = offer !== null && r.groupLeaderPriceAmount !== null ? { leaderPrice: cny(r.groupLeaderPriceAmount) } : {};
    return [{ id: r.id, sku: null, options: {}, price: cny(r.priceAmount), stock: r.stock, stockAvailable: r.stock, image: null, ...(offer !== null ? { groupPrice: cny(offer) } : {}), ...leader }];
  }
  return rows
    .filter((v) => v.active && v.productId === r.id)
    .map((v) => {
      const group = v.groupPriceAmount ?? offer;
      return {
        id: v.id,
        sku: v.sku,
        // jsonb keeps its keys in its own order: put them back in the options' order.
        options: normaliseChoice(r.options, v.options),
        price: cny(v.priceAmount),
        stock: v.stock,
        stockAvailable: v.stock,
        image: v.image,
        ...(offer !== null && group !== null ? { groupPrice: cny(group) } : {}),
        ...(offer !== null && v.leaderPriceAmount !== null ? { leaderPrice: cny(v.leaderPriceAmount) } : {}),
      };
    });
}

/**
 * Public product shape. `stockAvailable` is filled from the Stock authority where one exists.
 * A product with options lists its variants only when `variants` (its rows) are passed.
 */
export function toProductView(r: ProductRow, variants: VariantRow[] = []): Product {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    images: r.images,
    price: cny(r.priceAmount),
    priceRange: { min: cny(r.priceAmount), max: cny(r.priceMaxAmount ?? r.priceAmount) },
    options: r.options ?? [],
    variants: variantViews(r, variants),
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
            ...(r.groupLeaderPriceAmount !== null ? { leaderPrice: cny(r.groupLeaderPriceAmount) } : {}),
          }
        : null,
    limits: r.limits ?? null,
    bargain: r.bargain ? { floorPrice: cny(r.bargain.floorPriceAmount), helpersNeeded: r.bargain.helpersNeeded, durationHours: r.bargain.durationHours } : null,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
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

/** Views of these rows, with the variants of those that have options (one more statement, only then). */
export async function toProductViews(db: Db, rows: ProductRow[]): Promise<Product[]> {
  const withOptions = rows.filter((r) => (r.options ?? []).length > 0).map((r) => r.id);
  const variants = await findVariants(db, withOptions);
  return rows.map((r) => toProductView(r, variants));
}

// A snapshot written before variants existed lacks them: it is sold as its default variant.
function withVariantFields(p: Product): Product {
  if (p.variants && p.options && p.priceRange) return p;
  return {
    ...p,
    options: [],
    priceRange: { min: p.price, max: p.price },
    variants: [{ id: p.id, sku: null, options: {}, price: p.price, stock: p.stock, stockAvailable: p.stockAvailable, image: null, ...(p.groupBuy ? { groupPrice: p.groupBuy.price } : {}) }],
  };
}

export async function getProductView(env: AppEnv, db: LazyDb, id: string): Promise<Product | null> {
  const cached = await env.CATALOG.get<Product>(productKey(id), 'json');
  if (cached) return withVariantFields(cached);
  const row = await findProduct(db(), id);
  if (!row) return null;
  const [view] = await toProductViews(db(), [row]);
  await writeProductSnapshot(env, view!);
  return view!;
}

/**
 * `stockAvailable` from the Stock objects, the authority on what can still be bought: per variant,
 * and for the product the sum of its variants'.
 */
export async function withLiveStock(env: AppEnv, view: Product): Promise<Product> {
  if (view.options.length === 0) {
    const n = await availableStock(env, view.id);
    return { ...view, stockAvailable: n, variants: view.variants.map((v) => ({ ...v, stockAvailable: n })) };
  }
  const variants = await Promise.all(view.variants.map(async (v) => ({ ...v, stockAvailable: await availableStock(env, { productId: view.id, variantId: v.id }) })));
  return { ...view, variants, stockAvailable: variants.reduce((a, v) => a + v.stockAvailable, 0) };
}

/** The product with live availability (see withLiveStock). */
export async function getProductWithStockOrThrow(env: AppEnv, db: LazyDb, id: string): Promise<Product> {
  return withLiveStock(env, await getProductOrThrow(env, db, id));
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
      if (v) found.set(id, withVariantFields(v));
    }
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    const views = await toProductViews(db(), await findProducts(db(), missing));
    await Promise.all(
      views.map(async (v) => {
        found.set(v.id, v);
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
  const views = await toProductViews(db(), rows);
  await Promise.all([env.CATALOG.put(HOME_KEY, JSON.stringify(snap), { expirationTtl: SNAPSHOT_TTL_SECONDS }), ...views.map((v) => writeProductSnapshot(env, v))]);
  return snap;
}

/** The API's product detail: live availability plus the open groups a visitor could join (from KV, kept by the groups). */
export async function getProductDetail(env: AppEnv, db: LazyDb, id: string): Promise<Product> {
  const product = await getProductWithStockOrThrow(env, db, id);
  const openGroups = product.groupBuy ? (await listOpenGroups(env, id)).map(({ id, members, size, expiresAt }) => ({ id, members, size, expiresAt })) : [];
  return { ...product, openGroups };
}

// ---- listing (API; paginated straight from Postgres, ordered newest first) ----

export async function listProducts(db: Db, q: { limit: number; cursor?: string; category?: string }) {
  const rows = await listProductRows(db, { limit: q.limit + 1, cursor: q.cursor ? decodeCursor(q.cursor) : undefined, category: q.category });
  const page = pageOf(rows, q.limit, (r) => r);
  return { items: await toProductViews(db, page.items), nextCursor: page.nextCursor };
}
