// An order's moves reach its purchase limits (限购) here, once the move has committed. Paid (or
// waiting for its group): the units count for good. Cancelled, or refunded in full: they no
// longer count. A lapse needs no call (the hold expires with the reservation), and a partial
// refund keeps the count. Every call is keyed on the order id, so a retried webhook repeats nothing.
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { OrderItemRow, OrderRow } from '../../storage/schema';
import { confirmLimit, releaseLimit } from './purchase-limits';

export type LimitLine = Pick<OrderItemRow, 'productId' | 'quantity'>;

/**
 * The scopes an order counts in: a flash sale's order in the sale's own limit, any other in each
 * of its products' (all variants together). Every product of a limited order is named: a product
 * that was never limited has no hold to release, and a confirm there counts a paid order, which a
 * limit set later should count anyway.
 */
export function limitScopes(order: Pick<OrderRow, 'flashSaleId'>, lines: readonly LimitLine[]): { scope: string; quantity: number }[] {
  if (order.flashSaleId) return [{ scope: order.flashSaleId, quantity: lines.reduce((n, l) => n + l.quantity, 0) }];
  const by = new Map<string, number>();
  for (const l of lines) by.set(l.productId, (by.get(l.productId) ?? 0) + l.quantity);
  return [...by].map(([scope, quantity]) => ({ scope, quantity }));
}

export async function limitsAfterMove(env: AppEnv, order: OrderRow, to: OrderStatus, lines: readonly LimitLine[]): Promise<void> {
  if (!order.purchaseLimited) return;
  const scopes = limitScopes(order, lines);
  if (to === 'paid' || to === 'awaiting_group') {
    await Promise.all(scopes.map((s) => confirmLimit(env, s.scope, order.buyerEmail, order.id, s.quantity)));
  } else if (to === 'cancelled' || to === 'refunded') {
    await Promise.all(scopes.map((s) => releaseLimit(env, s.scope, order.buyerEmail, order.id)));
  }
}
