// The FlashSale objects as checkout and the pages see them: a sale's definition, kept by each
// isolate for a moment so a burst at the start asks the object once, not once per buyer.
import type { FlashSaleDefinition } from '../../../shared/promotions/flash-sale-schemas';
import type { AppEnv } from '../../env';
import { withDb } from '../../storage/db';
import { recordFlashSaleReturn } from '../../storage/promotions/flash-sales-repo';
import { returnFreeUnits } from '../catalog/stock-aside';

type SaleEnv = Pick<AppEnv, 'FLASH_SALE'>;

export const flashSaleObject = (env: SaleEnv, id: string) => env.FLASH_SALE.get(env.FLASH_SALE.idFromName(id));

// A stop through another isolate reaches this memo at most this much later; meanwhile the sale's
// Stock object, closed by the stop, refuses the units.
const MEMO_MS = 2_000;
const MEMO_MAX = 1_000;
const memo = new Map<string, { sale: FlashSaleDefinition | null; at: number }>();

/** The sale as its object knows it; null for an id no sale has. Never Postgres. */
export async function flashSaleDefinition(env: SaleEnv, id: string): Promise<FlashSaleDefinition | null> {
  const m = memo.get(id);
  if (m && Date.now() - m.at < MEMO_MS) return m.sale;
  const got = await flashSaleObject(env, id).get();
  const sale = got ? { id: got.id, productId: got.productId, variantId: got.variantId, priceAmount: got.priceAmount, quantity: got.quantity, startsAt: got.startsAt, endsAt: got.endsAt, perBuyer: got.perBuyer } : null;
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(id, { sale, at: Date.now() });
  return sale;
}

export const forgetFlashSale = (id: string) => memo.delete(id);

/** The sale's units: its own Stock object, one shard, named by the sale's id in place of a variant's. */
export const saleStockRef = (sale: Pick<FlashSaleDefinition, 'id' | 'productId'>) => ({ productId: sale.productId, variantId: sale.id });
/** Where its units came from and go back to: the product, or its variant. */
export const productStockRef = (sale: Pick<FlashSaleDefinition, 'productId' | 'variantId'>) => ({ productId: sale.productId, variantId: sale.variantId });

/**
 * The FlashSale object's end-of-sale effect (workers/index.ts hands it in): one pass of giving the
 * unsold units back, then the running total recorded for the ops pages.
 */
export async function returnUnsoldUnits(env: AppEnv, sale: FlashSaleDefinition, pass: { seq: number; returnedBefore: number }) {
  const r = await returnFreeUnits(env, saleStockRef(sale), productStockRef(sale), sale.id, pass.seq);
  await withDb(env, (db) => recordFlashSaleReturn(db, sale.id, pass.returnedBefore + r.taken, r.heldUntil === 0));
  return r;
}
