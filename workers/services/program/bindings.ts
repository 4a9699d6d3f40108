// Buyer binding (锁粉) and level upgrades, on payment: both run in the transaction that records
// the payment, so a buyer is bound and a seller moves up with the payment or not at all.
import type { Db } from '../../storage/db';
import type { Exec, Tx } from '../../storage/orders/orders-repo';
import { readCheckoutProgramContext, type CheckoutProgramContext } from '../../storage/program/checkout-context-repo';
import { bindBuyerOnPayment, countBoundBuyers } from '../../storage/program/bindings-repo';
import { findSellerLevel } from '../../storage/program/levels-repo';
import type { OrderRow } from '../../storage/schema';
import { upgradeSellersAfterPayment } from './levels';
import { getProgramSettings } from './settings';

export type { CheckoutProgramContext, ContextSeller } from '../../storage/program/checkout-context-repo';

/** Checkout's one program read: settings, the buyer's binding, the code's seller and the candidates' boosts. */
export const readCheckoutContext = (db: Db, q: { buyerEmail: string; code: string | null; candidateSellerIds: string[] }): Promise<CheckoutProgramContext> =>
  readCheckoutProgramContext(db, q);

/**
 * An attributed, commissionable order was paid (or its group confirmed): bind its buyer as the
 * program's binding mode says, and move its seller and their inviter up a level when this
 * payment meets a higher one. A self-purchase or a held-back order binds no one.
 */
export async function applyProgramOnPayment(tx: Tx, order: Pick<OrderRow, 'id' | 'buyerEmail' | 'attributedSellerId' | 'commissionable'>): Promise<void> {
  if (!order.attributedSellerId || !order.commissionable) return;
  const settings = await getProgramSettings(tx);
  await bindBuyerOnPayment(tx, {
    buyerEmail: order.buyerEmail.toLowerCase(),
    sellerId: order.attributedSellerId,
    orderId: order.id,
    mode: settings.binding.mode,
    days: settings.binding.days,
  });
  const seller = await findSellerLevel(tx, order.attributedSellerId);
  await upgradeSellersAfterPayment(tx, [order.attributedSellerId, seller?.inviterId]);
}

export const boundBuyers = (db: Exec, sellerId: string) => countBoundBuyers(db, sellerId);
