// What refunding an after-sale's lines does, all in the transaction that moves the after-sale:
// the lines' refunded units and the order's refunded amount, the commission of those lines (both
// levels), the order's status (kept, or `refunded` with its last line), the refund owed to the
// provider under the after-sale's own key, the fraud count and the buyer's email.
import { unitsPayAmount } from '../../../shared/orders/discount-split';
import { transitionOrder } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import { findCommissionLines } from '../../storage/ledger/ledger-repo';
import { findPaymentsForOrders, updatePayment, type Tx } from '../../storage/orders/orders-repo';
import { addRefundedUnits, addRestockedUnits, findOrderLines } from '../../storage/orders/refund-lines-repo';
import { oweRefund } from '../../storage/orders/refunds-repo';
import { markRestocked } from '../../storage/aftersales/after-sales-repo';
import { linePayAmount, type AfterSaleLineRow, type AfterSaleRow, type OrderItemRow, type OrderRow } from '../../storage/schema';
import { restockUnits } from '../catalog/stock';
import { queueAfterSaleEmail } from '../email/emails';
import { reverseCommissionForAfterSale } from '../ledger/commissions';
import { moveOrder } from '../orders/orders';
import type { PaymentDeps } from '../orders/payments';
import { noteRefundForSignals } from '../trust/fraud-signals';
import { ApiError } from '../../../shared/errors';

/** Each asked line's pay amount share: unitsPayAmount over what is not refunded yet. */
export function priceLines(items: OrderItemRow[], asked: { productId: string; quantity: number }[]): { productId: string; quantity: number; amount: number }[] {
  return asked.map((a) => {
    const item = items.find((i) => i.productId === a.productId);
    if (!item) throw new ApiError('invalid_input', `lines: product ${a.productId} is not in this order.`);
    if (a.quantity > item.quantity - item.refundedQuantity) {
      throw new ApiError('conflict', `lines: only ${item.quantity - item.refundedQuantity} unit(s) of ${a.productId} are left to refund.`);
    }
    return { productId: a.productId, quantity: a.quantity, amount: unitsPayAmount(linePayAmount(item), item.quantity, item.refundedQuantity, a.quantity) };
  });
}

/**
 * Refunds the after-sale's lines. The caller holds the order's row lock and has just moved the
 * after-sale to `refunded`. Prices were fixed when it was asked; they are checked against what
 * is left, so nothing is ever refunded beyond what was paid.
 */
export async function refundAfterSaleLines(tx: Tx, env: AppEnv, order: OrderRow, afterSale: AfterSaleRow, lines: AfterSaleLineRow[]): Promise<void> {
  const items = await findOrderLines(tx, order.id);
  const repriced = priceLines(items, lines);
  const amount = repriced.reduce((s, l) => s + l.amount, 0);
  if (amount !== afterSale.amount || order.refundedAmount + amount > order.totalAmount) {
    throw new ApiError('conflict', 'The order changed since this after-sale was asked for; ask again.');
  }
  await addRefundedUnits(tx, order.id, lines, amount);
  const left = items.some((i) => i.refundedQuantity + (lines.find((l) => l.productId === i.productId)?.quantity ?? 0) < i.quantity);
  const rates = await findCommissionLines(tx, order.id);
  const refunded = repriced.map((l) => {
    const r = rates.find((x) => x.productId === l.productId);
    return { refundPay: l.amount, level1Bps: r?.level1Bps ?? 0, level2Bps: r?.level2Bps ?? 0 };
  });
  // Before the move: the final move's whole-order correction then finds nothing left to reverse.
  await reverseCommissionForAfterSale(tx, order.id, afterSale.id, refunded, !left);
  const to = transitionOrder(order.status, { type: left ? 'partial_refund' : 'refund_succeeded' });
  if (!(await moveOrder(tx, order.id, order.status, to))) throw new ApiError('conflict', 'The order changed meanwhile; try again.');
  // Every line refunded: the payment is refunded too, as after a whole-order refund.
  if (!left) {
    // The move above to `refunded` gave the order's coupon back (promotionsOnMove); the objects'
    // side (a purchase limit's count) follows the commit in the after-sales verbs.
    await updatePayment(tx, order.id, { status: 'refunded' });
  }
  await oweRefund(tx, {
    orderId: order.id,
    afterSaleId: afterSale.id,
    provider: order.paymentProvider === 'stripe' ? 'stripe' : 'test',
    reason: 'after_sale',
    amount,
    providerPaymentId: await paymentIdOf(tx, order.id),
  });
  // The buyer's own request: it counts toward the seller's refund burst (platform refunds never do).
  await noteRefundForSignals(tx, env, order);
  await queueAfterSaleEmail(tx, order, afterSale, 'after_sale_refunded');
}

async function paymentIdOf(tx: Tx, orderId: string): Promise<string | null> {
  const [p] = await findPaymentsForOrders(tx, [orderId]);
  return p?.providerPaymentId ?? null;
}

/**
 * Puts the after-sale's units back on sale: the Stock object first (keyed on the after-sale,
 * so never twice), then the lines' restocked count, once. A failure leaves it to the minute job
 * (restockPendingAfterSales); until then the units are only undercounted, never sold twice.
 */
export async function restockAfterSale(deps: PaymentDeps, order: Pick<OrderRow, 'id'>, afterSaleId: string, lines: AfterSaleLineRow[]): Promise<void> {
  const items = await findOrderLines(deps.db, order.id);
  const stockLines = lines.map((l) => {
    const item = items.find((i) => i.productId === l.productId)!;
    return { productId: l.productId, variantId: item.variantId, quantity: l.quantity, shard: item.stockShard };
  });
  try {
    await restockUnits(deps.env, afterSaleId, stockLines);
    await deps.db.transaction(async (tx) => {
      if (await markRestocked(tx, afterSaleId)) await addRestockedUnits(tx, order.id, lines);
    });
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'after-sale restock failed', afterSaleId, error: String((e as Error)?.message ?? e).slice(0, 200) }));
  }
}
