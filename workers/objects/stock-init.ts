// What a fresh Stock object starts from, read once from Postgres: the units on sale (a product's,
// a variant's or a flash sale's) and what its lines already sold through this shard.
import { isFlashSaleUnit } from '../../shared/promotions/flash-sale-unit';
import type { Db } from '../storage/db';
import { findProduct, findVariant } from '../storage/catalog/products-repo';
import { committedUnits } from '../storage/orders/orders-repo';
import { findFlashSale } from '../storage/promotions/flash-sales-repo';

/** The parts of a Stock object's key this reads (stock.ts's StockKey; not imported, which would make a cycle). */
interface StockKey {
  productId: string;
  variantId?: string | null;
  shard: number;
  shards: number;
}

/** A flash sale's units always live on one object (`<saleId>:0`), whatever STOCK_SHARDS says. */
export const shardsFor = (key: StockKey): number => (isFlashSaleUnit(key.variantId) ? 1 : key.shards);

export async function readInitialStock(db: Db, key: StockKey): Promise<{ total: number; committed: number }> {
  const unit = { productId: key.productId, variantId: key.variantId ?? null };
  const shards = shardsFor(key);
  if (isFlashSaleUnit(key.variantId)) {
    // The sale's quantity, set aside from the product when the sale was made.
    const sale = await findFlashSale(db, key.variantId);
    return { total: sale?.quantity ?? 0, committed: sale ? await committedUnits(db, unit, key.shard, shards) : 0 };
  }
  if (key.variantId) {
    // A variant that is off sale offers nothing; what it sold still counts.
    const variant = await findVariant(db, key.variantId);
    return { total: variant?.active ? variant.stock : 0, committed: variant ? await committedUnits(db, unit, key.shard, shards) : 0 };
  }
  const product = await findProduct(db, key.productId);
  return { total: product?.stock ?? 0, committed: product ? await committedUnits(db, unit, key.shard, shards) : 0 };
}
