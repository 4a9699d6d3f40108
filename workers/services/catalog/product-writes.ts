// The ops verbs that write a product: create and update, with the rules a write must keep (group,
// leader and bargain prices, variants, stock), then the Stock objects' totals and the snapshots.
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Product, ProductCreate, ProductPatch, VariantIn } from '../../../shared/schemas';
import { bargainOfferProblem } from '../../../shared/promotions/bargain-cut';
import { combinationKey, normaliseChoice, variantsProblem, type ProductOption } from '../../../shared/catalog/variants';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import {
  findProduct,
  findVariants,
  insertProduct,
  updateProductRow,
  type NewProductRow,
  type NewVariantRow,
  type PlanVariants,
  type ProductWrite,
  type VariantWrite,
} from '../../storage/catalog/products-repo';
import type { Tx } from '../../storage/orders/orders-repo';
import type { ProductRow, VariantRow } from '../../storage/schema';
import { requestHashOf } from '../identity/crypto';
import { syncStockTotal } from './stock';
import { invalidateProduct, toProductView } from './catalog';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

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
    p.groupLeaderPriceAmount = b.groupBuy?.leaderPrice?.amount ?? null;
  }
  // No limit named is no limit: `{}` is stored as null.
  if (b.limits !== undefined) p.limits = b.limits && (b.limits.perOrder || b.limits.perBuyer) ? b.limits : null;
  if (b.bargain !== undefined) {
    p.bargain = b.bargain ? { floorPriceAmount: b.bargain.floorPrice.amount, helpersNeeded: b.bargain.helpersNeeded, durationHours: b.bargain.durationHours } : null;
  }
  return p;
}

/** A bargain's floor is below the (lowest) price, with 0.01 per helper between them. */
function assertBargainFits(lowestPrice: number, bargain: ProductCreate['bargain']) {
  const problem = bargain ? bargainOfferProblem(lowestPrice, bargain.floorPrice.amount, bargain.helpersNeeded) : null;
  if (problem) throw new ApiError('invalid_input', problem);
}

function assertGroupPriceBelowSingle(price: number, group: ProductCreate['groupBuy']) {
  if (group && group.price.amount >= price) {
    throw new ApiError('invalid_input', 'groupBuy.price must be lower than the single price.');
  }
  assertLeaderPriceFits(group);
}

/** 团长价 is at most the group price (API.md v3 "Group leader price"). */
function assertLeaderPriceFits(group: ProductCreate['groupBuy']) {
  if (group?.leaderPrice && group.leaderPrice.amount > group.price.amount) {
    throw new ApiError('invalid_input', 'groupBuy.leaderPrice must be at most the group price.');
  }
}

/** The combination and price rules (shared/catalog/variants.ts); a variant without its own group price pays the offer's. */
function assertVariantsFit(options: ProductOption[], variants: VariantIn[], offerPrice: number | null) {
  const shaped = variants.map((v) => ({ ...v, groupPrice: v.groupPrice ?? (offerPrice !== null ? { amount: offerPrice } : null) }));
  const problem = variantsProblem(options, shaped);
  if (problem) throw new ApiError('invalid_input', problem);
}

const variantFields = (options: ProductOption[], v: VariantIn, position: number) => ({
  sku: v.sku ?? null,
  options: normaliseChoice(options, v.options),
  priceAmount: v.price.amount,
  image: v.image ?? null,
  groupPriceAmount: v.groupPrice?.amount ?? null,
  leaderPriceAmount: v.leaderPrice?.amount ?? null,
  position,
  active: true,
});

/**
 * The writes that make a product's variants what the body lists: a listed variant is matched by
 * id (which must be this product's) or else by its combination (a retired variant sent again
 * comes back), and anything unmatched is new. Unlisted variants are retired by the repository.
 */
function planVariants(options: ProductOption[], inputs: VariantIn[]): PlanVariants {
  return (existing) =>
    inputs.map((v, i): VariantWrite => {
      const match = v.id ? existing.find((e) => e.id === v.id) : existing.find((e) => combinationKey(options, e.options) === combinationKey(options, v.options));
      if (v.id && !match) throw new ApiError('invalid_input', `variants.${i}: ${v.id} is not a variant of this product.`);
      if (match) return { id: match.id, isNew: false, fields: variantFields(options, v, i), stock: v.stock, stockDelta: v.stockDelta };
      if (v.stockDelta !== undefined) throw new ApiError('invalid_input', `variants.${i}: a new variant takes stock, not stockDelta.`);
      return { id: newId('u'), isNew: true, fields: variantFields(options, v, i), stock: v.stock ?? 0 };
    });
}

/** Each variant's Stock objects take its total; one that went off sale offers nothing more. */
async function syncVariantStock(env: AppEnv, variants: VariantRow[], version: number) {
  await Promise.all(variants.map((v) => syncStockTotal(env, { productId: v.productId, variantId: v.id }, v.active ? v.stock : 0, version)));
}

/** Runs inside the transaction that writes the product (the ops audit entry), so both land or neither. */
export type ProductWriteHook = (tx: Tx, before: ProductRow | null, after: ProductRow) => Promise<void>;

export async function createProduct(env: AppEnv, db: Db, body: ProductCreate, opts: { active?: boolean; inTx?: ProductWriteHook } = {}): Promise<Product> {
  const id = newId('p');
  const options = body.options ?? [];
  const inputs = body.variants ?? [];
  let variantRows: NewVariantRow[] = [];
  let price: { amount: number; max: number | null; stock: number };
  if (options.length > 0) {
    assertVariantsFit(options, inputs, body.groupBuy?.price.amount ?? null);
    assertLeaderPriceFits(body.groupBuy);
    const i = inputs.findIndex((v) => v.stock === undefined || v.id !== undefined);
    if (i >= 0) throw new ApiError('invalid_input', `variants.${i}: a new variant takes an absolute stock and no id.`);
    variantRows = inputs.map((v, position) => ({ id: newId('u'), productId: id, stock: v.stock!, ...variantFields(options, v, position) }));
    const amounts = inputs.map((v) => v.price.amount);
    price = { amount: Math.min(...amounts), max: Math.max(...amounts), stock: inputs.reduce((a, v) => a + v.stock!, 0) };
  } else {
    if (inputs.length > 0) throw new ApiError('invalid_input', 'variants need options; a product without options is sold as its default variant.');
    assertGroupPriceBelowSingle(body.price!.amount, body.groupBuy);
    price = { amount: body.price!.amount, max: null, stock: body.stock! };
  }
  assertBargainFits(price.amount, body.bargain);
  const { row, variants } = await insertProduct(
    db,
    {
      id,
      title: body.title,
      description: body.description,
      category: body.category,
      images: body.images,
      priceAmount: price.amount,
      priceMaxAmount: price.max,
      stock: price.stock,
      options,
      level1Bps: body.commission.level1Bps,
      level2Bps: body.commission.level2Bps,
      ...(opts.active === false ? { active: false } : {}),
      ...toRowPatch({ groupBuy: body.groupBuy ?? null, limits: body.limits ?? null, bargain: body.bargain ?? null }),
    },
    opts.inTx ? (tx, created) => opts.inTx!(tx, null, created) : undefined,
    variantRows,
  );
  if (options.length > 0) await syncVariantStock(env, variants, row.updatedAt.getTime());
  else await syncStockTotal(env, row.id, row.stock, row.updatedAt.getTime());
  const view = toProductView(row, variants);
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
  const hadOptions = (existing.options ?? []).length > 0;
  const options = body.options ?? existing.options ?? [];
  const nextGroup =
    body.groupBuy !== undefined ? body.groupBuy : existing.groupPriceAmount !== null ? { price: { amount: existing.groupPriceAmount } } : null;
  let plan: PlanVariants | undefined;
  const patch = toRowPatch(body);
  if (options.length > 0) {
    // Price and stock belong to the variants now; the product's are derived from theirs.
    if (body.stockDelta !== undefined) throw new ApiError('invalid_input', 'This product has options: change stock per variant.');
    assertLeaderPriceFits(body.groupBuy);
    delete patch.priceAmount;
    delete patch.stock;
    if (body.options !== undefined) patch.options = options;
    if (body.variants === undefined && body.options !== undefined) throw new ApiError('invalid_input', 'Send the variants with the options.');
    if (body.variants !== undefined) {
      assertVariantsFit(options, body.variants, nextGroup?.price.amount ?? null);
      plan = planVariants(options, body.variants);
    } else if (body.groupBuy?.price) {
      const current = (await findVariants(db, [id])).filter((v) => v.active);
      if (current.some((v) => (v.groupPriceAmount ?? body.groupBuy!.price.amount) >= v.priceAmount)) {
        throw new ApiError('invalid_input', "groupBuy.price must be lower than every variant's price.");
      }
    }
  } else {
    if ((body.variants?.length ?? 0) > 0) throw new ApiError('invalid_input', 'variants need options; a product without options is sold as its default variant.');
    if (hadOptions) {
      // Back to one default variant: its price and stock must be said, and the variants retire.
      if (body.price === undefined || body.stock === undefined) throw new ApiError('invalid_input', 'Without options the product needs its own price and stock.');
      patch.options = [];
      plan = () => [];
    }
    assertGroupPriceBelowSingle(body.price?.amount ?? existing.priceAmount, nextGroup as ProductCreate['groupBuy']);
    if (body.stockDelta !== undefined && existing.stock + body.stockDelta < 0) {
      throw new ApiError('invalid_input', `stockDelta would take stock below zero (stock is ${existing.stock}).`);
    }
  }
  const lowest = options.length > 0 ? (body.variants ? Math.min(...body.variants.map((v) => v.price.amount)) : existing.priceAmount) : (body.price?.amount ?? existing.priceAmount);
  const nextBargain = body.bargain !== undefined ? body.bargain : existing.bargain ? { floorPrice: cny(existing.bargain.floorPriceAmount), helpersNeeded: existing.bargain.helpersNeeded, durationHours: existing.bargain.durationHours } : null;
  assertBargainFits(lowest, nextBargain);
  let write: ProductWrite;
  try {
    write = await updateProductRow(db, id, patch, {
      stockDelta: options.length > 0 ? undefined : body.stockDelta,
      changeId: changeId ? `${id}:${changeId}` : undefined,
      requestHash: changeId ? await requestHashOf(body) : undefined,
      planVariants: plan,
      inTx: opts.inTx,
    });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code === '23514') throw new ApiError('conflict', 'That change would take stock below zero.');
    if (code === '23505') throw new ApiError('conflict', 'Another variant of this product has that combination.');
    throw e;
  }
  if (write.kind === 'mismatch') throw new ApiError('idempotency_mismatch', 'This Idempotency-Key was used with a different change.');
  if (write.kind === 'missing') throw new ApiError('not_found', 'No such product.');
  const row = write.row;
  const version = row.updatedAt.getTime();
  const variants = write.kind === 'applied' && write.variants ? write.variants : await findVariants(db, [id]);
  // A replay re-syncs as the first attempt would have (its sync may be what failed).
  if (body.variants !== undefined || hadOptions !== options.length > 0) await syncVariantStock(env, variants, version);
  if (options.length === 0 && (body.stock !== undefined || body.stockDelta !== undefined)) await syncStockTotal(env, row.id, row.stock, version);
  const view = toProductView(row, variants);
  await invalidateProduct(env, view.id);
  return view;
}

