// A bargain order's moves, after they commit: paid (or waiting for its group, which a bargain
// order never is) makes the bargain purchased; a cancel gives the purchase back. A lapse needs
// no call: the hold ends with the order's reservation. Each call is idempotent on the order id.
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { OrderRow } from '../../storage/schema';
import { bargainStub } from './bargains';

export async function bargainAfterMove(env: AppEnv, order: Pick<OrderRow, 'id' | 'bargainId'>, to: OrderStatus): Promise<void> {
  if (!order.bargainId) return;
  const stub = bargainStub(env, order.bargainId);
  if (to === 'paid' || to === 'awaiting_group') await stub.purchased(order.id);
  else if (to === 'cancelled') await stub.releasePurchase(order.id);
}
