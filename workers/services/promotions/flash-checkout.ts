// Checkout of a flash sale (`flashSale` in POST /api/orders). Before any hold: the sale's window
// and shape, answered from its object (or this isolate's memo of it), never Postgres; the units
// are then held on the sale's own Stock object, whose sold-out answer is free too. After the
// hold: the sale's per-buyer limit, on the PurchaseLimit object scoped by the sale's id.
import { ApiError } from '../../../shared/errors';
import type { FlashSaleDefinition } from '../../../shared/promotions/flash-sale-schemas';
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { AppEnv } from '../../env';
import { flashSaleDefinition } from './flash-sale-objects';
import { releaseLimit, takeLimit } from './purchase-limits';

// The parts of checkout-promotions' request this play reads (declared here: that file imports this one).
interface SaleRequest {
  env: AppEnv;
  orderId: string;
  body: OrderCreate;
  lines: { productId: string; quantity: number; stockVariantId: string | null }[];
  expiresAt: number;
}

async function openSale(req: SaleRequest, id: string): Promise<FlashSaleDefinition> {
  const sale = await flashSaleDefinition(req.env, id);
  if (!sale) throw new ApiError('not_found', 'No such flash sale.');
  const line = req.lines[0];
  if (req.lines.length !== 1 || !line) throw new ApiError('invalid_input', 'A flash-sale order has exactly one item.');
  if (line.productId !== sale.productId) throw new ApiError('invalid_input', 'The item is not the product of this flash sale.');
  if ((sale.variantId ?? null) !== (line.stockVariantId ?? null)) throw new ApiError('invalid_input', 'The item is not the variant of this flash sale.');
  const now = Date.now();
  if (now < sale.startsAt) throw new ApiError('not_started', 'This flash sale has not started yet.');
  if (now >= sale.endsAt) throw new ApiError('ended', 'This flash sale has ended.');
  if (sale.perBuyer !== null && line.quantity > sale.perBuyer) throw new ApiError('limit_reached', `Limited to ${sale.perBuyer} per buyer in this flash sale.`);
  return sale;
}

export async function prepareFlashSale(req: SaleRequest, id: string): Promise<{ unitPriceAmount: number; stockUnit: string }> {
  const sale = await openSale(req, id);
  return { unitPriceAmount: sale.priceAmount, stockUnit: sale.id };
}

export async function takeFlashSale(req: SaleRequest, id: string): Promise<{ orderColumns: { flashSaleId: string; purchaseLimited?: true }; giveBack: () => Promise<void> }> {
  const sale = await flashSaleDefinition(req.env, id);
  if (!sale) throw new ApiError('not_found', 'No such flash sale.');
  if (sale.perBuyer === null) return { orderColumns: { flashSaleId: sale.id }, giveBack: async () => {} };
  const email = req.body.buyer.email;
  const qty = req.lines[0]!.quantity;
  await takeLimit(req.env, sale.id, email, req.orderId, qty, sale.perBuyer, req.expiresAt);
  return {
    orderColumns: { flashSaleId: sale.id, purchaseLimited: true },
    giveBack: () => releaseLimit(req.env, sale.id, email, req.orderId),
  };
}
