// Ops' side of after-sales: the queue by status, and the steps of a return (approve or reject a
// request, receive what the buyer sent back). Every step is audited in its own transaction.
import { nextAfterSaleStatus, type AfterSaleAction, type AfterSaleStatus } from '../../../shared/orders/after-sale-state';
import type { AfterSaleView } from '../../../shared/orders/after-sale-schemas';
import type { AfterSaleEmailKind as EmailKind } from '../../../shared/email-text';
import { ApiError } from '../../../shared/errors';
import type { Db } from '../../storage/db';
import { countAfterSalesByStatus, findAfterSale, listAfterSalesByStatus, moveAfterSaleRow } from '../../storage/aftersales/after-sales-repo';
import { lockOrderForRefund } from '../../storage/orders/refund-lines-repo';
import type { AfterSaleRow } from '../../storage/schema';
import { queueAfterSaleEmail } from '../email/emails';
import type { PaymentDeps } from '../orders/payments';
import { recordAudit } from '../trust/audit';
import { refundAfterSaleLines } from './after-sale-refund';
import { afterSaleViews, settleAfterSale } from './after-sales';

export interface OpsAfterSaleItem extends AfterSaleView {
  buyerEmail: string;
}

export async function listAfterSalesForOps(db: Db, status: AfterSaleStatus | undefined, limit = 50): Promise<{ items: OpsAfterSaleItem[]; counts: Record<string, number> }> {
  const rows = await listAfterSalesByStatus(db, status, limit);
  const views = await afterSaleViews(db, rows);
  return { items: views.map((v, i) => ({ ...v, buyerEmail: rows[i]!.buyerEmail })), counts: await countAfterSalesByStatus(db) };
}

const EMAIL: Partial<Record<AfterSaleAction, EmailKind>> = { approve: 'after_sale_approved', reject: 'after_sale_rejected' };

/**
 * One ops step. `receive` refunds the lines in the same transaction that moves the after-sale
 * (and then puts the units back on sale and asks the provider); approve and reject only move it.
 */
export async function actOnAfterSale(deps: PaymentDeps, actor: string, id: string, action: 'approve' | 'reject' | 'receive', rejectReason?: string): Promise<AfterSaleView> {
  const { db, env } = deps;
  const found = await findAfterSale(db, id);
  if (!found) throw new ApiError('not_found', 'No such after-sale.');
  const from = found.afterSale.status;
  const to = nextAfterSaleStatus(from, action);
  if (!to) throw new ApiError('conflict', `An after-sale in status ${from} cannot be ${action === 'receive' ? 'received' : `${action}d`}.`);
  const now = new Date();
  const patch: Partial<AfterSaleRow> =
    action === 'approve' ? { approvedAt: now } : action === 'reject' ? { rejectedAt: now, rejectReason: rejectReason ?? null } : { refundedAt: now };
  await db.transaction(async (tx) => {
    const order = await lockOrderForRefund(tx, found.afterSale.orderId);
    if (!order) throw new ApiError('not_found', 'No such order.');
    const moved = await moveAfterSaleRow(tx, id, from, to, patch);
    if (!moved) throw new ApiError('conflict', 'The after-sale changed meanwhile; reload and try again.');
    if (action === 'receive') await refundAfterSaleLines(tx, env, order, moved, found.lines);
    const kind = EMAIL[action];
    if (kind) await queueAfterSaleEmail(tx, order, moved, kind);
    await recordAudit(tx, {
      actor,
      action: `after_sale.${action}`,
      target: `order:${order.id}`,
      before: { afterSale: id, status: from },
      after: { afterSale: id, status: to, ...(rejectReason ? { reason: rejectReason } : {}) },
    });
  });
  const rec = (await findAfterSale(db, id))!;
  if (action === 'receive') await settleAfterSale(deps, rec.afterSale.orderId, id, rec);
  return (await afterSaleViews(db, [rec]))[0]!;
}
