// A bargain's purchase at checkout (API.md v3 "Bargains"): the owner buys one unit of the
// bargain's product (and variant) at its floor, once it has succeeded, and only once. Both doors
// ask the Bargain object, so a refusal costs no Postgres statement.
import { ApiError } from '../../../shared/errors';
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { AppEnv } from '../../env';
import type { PurchaseResult } from '../../objects/bargain-types';
import { bargainStub, isBargainId } from './bargains';

/** The part of checkout's PromotionRequest (checkout-promotions.ts) a bargain reads; declared here so the dispatcher's import is one way. */
interface PromotionRequest {
  env: AppEnv;
  orderId: string;
  body: Pick<OrderCreate, 'buyer'>;
  lines: { productId: string; quantity: number; stockVariantId: string | null }[];
  expiresAt: number;
}

function assertShape(req: PromotionRequest): void {
  const line = req.lines[0];
  if (req.lines.length !== 1 || !line || line.quantity !== 1) throw new ApiError('invalid_input', 'A bargain order has exactly one item, of quantity 1.');
}

function purchasedOrThrow(r: PurchaseResult, req: PromotionRequest): { floorPriceAmount: number } {
  if (!r.ok) {
    if (r.code === 'not_found') throw new ApiError('not_found', 'No such bargain.');
    if (r.code === 'forbidden') throw new ApiError('forbidden', "Only the bargain's owner can buy it: buyer.email must be theirs.");
    throw new ApiError('bargain_closed', 'This bargain cannot be bought: it has not succeeded, or it was bought already.');
  }
  const line = req.lines[0]!;
  if (line.productId !== r.productId || line.stockVariantId !== r.variantId) {
    throw new ApiError('invalid_input', "The item must be the bargain's product (and variant).");
  }
  return r;
}

/** Before any hold: the owner, the state and the floor price, from the object. */
export async function prepareBargain(req: PromotionRequest, bargainId: string): Promise<{ unitPriceAmount: number }> {
  assertShape(req);
  if (!isBargainId(bargainId)) throw new ApiError('not_found', 'No such bargain.');
  const r = await bargainStub(req.env, bargainId).checkPurchase(req.body.buyer.email, req.orderId);
  return { unitPriceAmount: purchasedOrThrow(r, req).floorPriceAmount };
}

/** With the unit held: the purchase is taken for this order until its reservation ends. */
export async function takeBargain(req: PromotionRequest, bargainId: string): Promise<{ orderColumns: { bargainId: string }; giveBack: () => Promise<void> }> {
  const stub = bargainStub(req.env, bargainId);
  purchasedOrThrow(await stub.takePurchase(req.body.buyer.email, req.orderId, req.expiresAt), req);
  return { orderColumns: { bargainId }, giveBack: () => stub.releasePurchase(req.orderId) };
}
