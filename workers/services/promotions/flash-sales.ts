// Flash sales (秒杀, API.md v3): ops make and stop them; buyers and pages read them. A sale's
// quantity is set aside from the product's units while the row is written, so a sale never
// sells what the product does not have; its FlashSale object opens and closes it by alarm and
// gives the unsold units back (flash-sale-objects.ts).
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import {
  flashSaleStatus,
  type FlashSaleCreate,
  type FlashSaleDefinition,
  type FlashSaleStatus,
  type FlashSaleView,
  type OpsFlashSaleView,
} from '../../../shared/promotions/flash-sale-schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { recordAudit } from '../../storage/ops/audit-repo';
import { findFlashSale, insertFlashSale, listFlashSaleRows, lockProductForSale, overlappingSale, stopFlashSaleRow } from '../../storage/promotions/flash-sales-repo';
import type { FlashSaleRow } from '../../storage/schema';
import { getProductOrThrow } from '../catalog/catalog';
import { availableStock } from '../catalog/stock';
import { setAsideStock, undoSetAside } from '../catalog/stock-aside';
import { flashSaleObject, forgetFlashSale, productStockRef, saleStockRef } from './flash-sale-objects';

const money = (amount: number) => ({ amount, currency: 'CNY' as const });

export const definitionOf = (r: FlashSaleRow): FlashSaleDefinition => ({
  id: r.id,
  productId: r.productId,
  variantId: r.variantId,
  priceAmount: r.priceAmount,
  quantity: r.quantity,
  startsAt: r.startsAt.getTime(),
  endsAt: r.endsAt.getTime(),
  perBuyer: r.perBuyer,
});

/** Units left to sell: the whole quantity before the start, the sale's object while it runs, none once ended. */
async function remainingOf(env: AppEnv, sale: FlashSaleDefinition, now: number): Promise<number> {
  if (now >= sale.endsAt) return 0;
  if (now < sale.startsAt) return sale.quantity;
  return availableStock(env, saleStockRef(sale));
}

export async function flashSaleView(env: AppEnv, sale: FlashSaleDefinition, now: number): Promise<FlashSaleView> {
  const remaining = await remainingOf(env, sale, now);
  return {
    id: sale.id,
    productId: sale.productId,
    variantId: sale.variantId,
    price: money(sale.priceAmount),
    quantity: sale.quantity,
    remaining,
    startsAt: new Date(sale.startsAt).toISOString(),
    endsAt: new Date(sale.endsAt).toISOString(),
    status: flashSaleStatus(sale, now, remaining),
    limits: sale.perBuyer ? { perBuyer: sale.perBuyer } : {},
  };
}

const opsView = async (env: AppEnv, r: FlashSaleRow, now: number): Promise<OpsFlashSaleView> => ({
  ...(await flashSaleView(env, definitionOf(r), now)),
  stoppedAt: r.stoppedAt?.toISOString() ?? null,
  returned: r.returnedQuantity,
  settled: r.settledAt !== null,
});

/** The variant a sale of this product sells: required and checked when the product has options. */
function saleVariant(product: Awaited<ReturnType<typeof getProductOrThrow>>, variantId: string | undefined) {
  if (product.options.length === 0) {
    if (variantId !== undefined && variantId !== product.id) throw new ApiError('invalid_input', 'This product has no variants; leave variantId out.');
    return { variantId: null, priceAmount: product.price.amount };
  }
  const v = product.variants.find((x) => x.id === variantId);
  if (!v) throw new ApiError('invalid_input', variantId ? 'That variant is not one of this product’s.' : 'This product has options: name the variant the sale sells (variantId).');
  return { variantId: v.id, priceAmount: v.price.amount };
}

export async function createFlashSale(env: AppEnv, db: Db, actor: string, body: FlashSaleCreate, now = Date.now()): Promise<OpsFlashSaleView> {
  const product = await getProductOrThrow(env, () => db, body.productId);
  const { variantId, priceAmount } = saleVariant(product, body.variantId);
  if (body.price.amount < 1 || body.price.amount > priceAmount) throw new ApiError('invalid_input', 'The sale price must be at least 0.01 and at most the regular price.');
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (endsAt.getTime() <= now) throw new ApiError('invalid_input', 'endsAt must be in the future.');
  const id = newId('t');
  const from = productStockRef({ productId: product.id, variantId });
  const asideRef = `${id}:aside`;
  let touched = false;
  let defined = false;
  try {
    const row = await db.transaction(async (tx) => {
      // The product row's lock serialises the creations of one product's sales.
      if (!(await lockProductForSale(tx, product.id))) throw new ApiError('not_found', 'No such product.');
      const clash = await overlappingSale(tx, product.id, startsAt, endsAt);
      if (clash) throw new ApiError('conflict', `Another flash sale of this product (${clash.id}) overlaps that time.`);
      const created = await insertFlashSale(tx, {
        id,
        productId: product.id,
        variantId,
        priceAmount: body.price.amount,
        quantity: body.quantity,
        startsAt,
        endsAt,
        perBuyer: body.limits?.perBuyer ?? null,
        createdBy: actor,
      });
      await recordAudit(tx, { actor, action: 'flash_sale.create', target: `flash_sale:${id}`, after: { ...body, variantId } });
      touched = true;
      if (!(await setAsideStock(env, from, asideRef, body.quantity))) {
        throw new ApiError('out_of_stock', `Fewer than ${body.quantity} units of this product are available to set aside.`);
      }
      defined = true;
      await flashSaleObject(env, id).define(definitionOf(created));
      return created;
    });
    forgetFlashSale(id);
    return opsView(env, row, now);
  } catch (e) {
    // Not written after all: the units go back and the object forgets the sale (both repeatable).
    if (defined) await flashSaleObject(env, id).forget().catch(() => {});
    if (touched) await undoSetAside(env, from, asideRef).catch((err) => console.warn(JSON.stringify({ level: 'warn', msg: 'flash sale: set-aside not given back', saleId: id, error: String(err) })));
    throw e;
  }
}

/** Ends a sale now: it stops selling and its unsold units go back to the product at once. */
export async function stopFlashSale(env: AppEnv, db: Db, actor: string, id: string, now = Date.now()): Promise<OpsFlashSaleView> {
  const at = new Date(now);
  const row = await db.transaction(async (tx) => {
    const stopped = await stopFlashSaleRow(tx, id, at);
    if (stopped) await recordAudit(tx, { actor, action: 'flash_sale.stop', target: `flash_sale:${id}`, after: { endsAt: stopped.endsAt.toISOString() } });
    return stopped ?? (await findFlashSale(tx, id));
  });
  if (!row) throw new ApiError('not_found', 'No such flash sale.');
  // Also for a sale Postgres already has as ended: a stop whose object call failed is finished by
  // the next one (the object's stop is idempotent), so the object never sells past the row's end.
  await flashSaleObject(env, id).stop(row.endsAt.getTime());
  if (!row.stoppedAt || row.stoppedAt.getTime() !== now) throw new ApiError('conflict', 'This flash sale has already ended.');
  forgetFlashSale(id);
  return opsView(env, (await findFlashSale(db, id)) ?? row, now);
}

export async function listOpsFlashSales(env: AppEnv, db: Db, now = Date.now()): Promise<OpsFlashSaleView[]> {
  const rows = await listFlashSaleRows(db, { now: new Date(now), limit: 100 });
  return Promise.all(rows.map((r) => opsView(env, r, now)));
}

/** For buyers: by status; without one, what is on now and what is coming (ended sales are left out). */
export async function listFlashSales(env: AppEnv, db: Db, status: FlashSaleStatus | undefined, now = Date.now()): Promise<FlashSaleView[]> {
  const at = new Date(now);
  const windows = status === 'upcoming' ? ['upcoming' as const] : status === 'ended' ? ['ended' as const] : status ? ['ongoing' as const] : ['ongoing' as const, 'upcoming' as const];
  const rows = (await Promise.all(windows.map((window) => listFlashSaleRows(db, { window, now: at, limit: 50 })))).flat();
  const views = await Promise.all(rows.map((r) => flashSaleView(env, definitionOf(r), now)));
  return status ? views.filter((v) => v.status === status) : views;
}

/** One sale, from its object (no Postgres): what a sale page under a burst reads. */
export async function getFlashSale(env: AppEnv, id: string, now = Date.now()): Promise<FlashSaleView> {
  const sale = await flashSaleObject(env, id).get();
  if (!sale) throw new ApiError('not_found', 'No such flash sale.');
  return flashSaleView(env, sale, now);
}
