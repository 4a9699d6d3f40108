// Checkout's lines: the products from their snapshots, each line's variant, and the shape of a
// group order. No Postgres unless a snapshot is cold, so a refusal here costs nothing.
import { ApiError } from '../../../shared/errors';
import { discountConflict, type OrderCreate } from '../../../shared/orders/order-schemas';
import type { Product, Variant } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { getProductViews } from '../catalog/catalog';

/** The products of an order from their snapshots (Postgres only on a cold snapshot); 404 for any not on sale. */
export async function productsOnSale(env: AppEnv, db: Db, ids: string[]): Promise<Map<string, Product>> {
  const views = await getProductViews(env, () => db, ids);
  const byId = new Map(views.map((p) => [p.id, p]));
  for (const id of ids) if (!byId.has(id)) throw new ApiError('not_found', `No such product on sale: ${id}.`);
  return byId;
}

/** A line with the variant it buys: the one named (required with options), or the product's default. */
export interface PickedLine {
  productId: string;
  quantity: number;
  variant: Variant;
  /** The variant whose Stock objects hold the units; null for a product sold as its default variant. */
  stockVariantId: string | null;
}

/** "黑 / M": a variant's values in the options' order (they are stored that way). */
export const variantLabel = (v: Pick<Variant, 'options'>) => Object.values(v.options).join(' / ');

/** Checks every line's variant against its product's snapshot: no Postgres, so a refusal costs nothing. */
export function pickVariants(body: OrderCreate, byId: Map<string, Product>): PickedLine[] {
  return body.items.map((item, i) => {
    const p = byId.get(item.productId)!;
    if (p.options.length === 0) {
      if (item.variantId !== undefined && item.variantId !== p.id) throw new ApiError('invalid_input', `items.${i}.variantId: not a variant of product ${p.id}.`);
      return { productId: p.id, quantity: item.quantity, variant: p.variants[0]!, stockVariantId: null };
    }
    if (item.variantId === undefined) throw new ApiError('invalid_input', `items.${i}.variantId is required: product ${p.id} has options.`);
    const variant = p.variants.find((v) => v.id === item.variantId);
    if (!variant) throw new ApiError('invalid_input', `items.${i}.variantId: not a variant of product ${p.id} on sale.`);
    return { productId: p.id, quantity: item.quantity, variant, stockVariantId: variant.id };
  });
}

export function assertGroupOrderShape(body: OrderCreate): void {
  const clash = discountConflict(body);
  if (clash) throw new ApiError(clash.code, clash.message);
  if (!body.group) return;
  if (body.items.length !== 1 || body.items[0]!.quantity !== 1) {
    throw new ApiError('invalid_input', 'A group order has exactly one item, of quantity 1.');
  }
}
