// Helpers for the purchase-limit tests: one buyer's orders, and the PurchaseLimit object's clock.
import { env, runInDurableObject } from 'cloudflare:test';
import type { PurchaseLimit } from '../../workers/objects/purchase-limit';
import type { Stock } from '../../workers/objects/stock';
import { sha256Hex } from '../../workers/services/identity/crypto';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { uniq } from '../helpers';

export const buyerEmail = () => `${uniq('limited')}@example.test`;

export function orderOf(email: string, items: { productId: string; variantId?: string; quantity: number }[]) {
  const body = orderBody(items);
  body.buyer.email = email;
  return placeOrder(body);
}

export const codeOf = (r: { status: number; body: any }) => (r.status === 201 ? 201 : `${r.status} ${r.body?.error?.code}`);

export async function pay(r: { body: any }, type: 'payment.succeeded' | 'payment.failed' = 'payment.succeeded') {
  const o = r.body.order;
  return sendTestEvent({ type, orderId: o.id, amount: o.total });
}

export async function limitStub(scope: string, email: string) {
  const who = await sha256Hex(email.trim().toLowerCase());
  return env.PURCHASE_LIMIT.get(env.PURCHASE_LIMIT.idFromName(`${scope}:${who}`));
}

/** Moves the product's Stock (shard 0) and the buyer's PurchaseLimit clocks on by `ms`: their holds lapse. */
export async function lapse(productId: string, email: string, ms: number) {
  await runInDurableObject(env.STOCK.get(env.STOCK.idFromName(`${productId}:0`)), (inst: Stock) => {
    inst.now = () => Date.now() + ms;
  });
  await runInDurableObject(await limitStub(productId, email), (inst: PurchaseLimit) => {
    inst.now = () => Date.now() + ms;
  });
}
