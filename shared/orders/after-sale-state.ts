// The after-sale's own path (API.md v3, 售后). Pure: the service applies it with compare-and-set.
import type { OrderStatus } from './order-state';

export const AFTER_SALE_KINDS = ['refund', 'return'] as const;
export type AfterSaleKind = (typeof AFTER_SALE_KINDS)[number];

export const AFTER_SALE_STATUSES = ['requested', 'approved', 'returned', 'refunded', 'rejected'] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];

/** Statuses that still hold the order's one open after-sale. */
export const OPEN_AFTER_SALE_STATUSES = ['requested', 'approved', 'returned'] as const satisfies readonly AfterSaleStatus[];

export type AfterSaleAction = 'approve' | 'reject' | 'send_back' | 'receive';

const MOVES: Record<AfterSaleAction, Partial<Record<AfterSaleStatus, AfterSaleStatus>>> = {
  approve: { requested: 'approved' },
  reject: { requested: 'rejected' },
  send_back: { approved: 'returned' },
  receive: { returned: 'refunded' },
};

export function nextAfterSaleStatus(status: AfterSaleStatus, action: AfterSaleAction): AfterSaleStatus | null {
  return MOVES[action][status] ?? null;
}

/** A refund (仅退款) is for a paid order that has not shipped yet. */
export const REFUND_BEFORE_SHIPPING: readonly OrderStatus[] = ['paid', 'confirmed'];
/** A return (退货退款) is for a delivered order, within the window. */
export const RETURNABLE: readonly OrderStatus[] = ['delivered', 'completed'];

export const DAY_MS = 86_400_000;

export function returnDays(raw: string | undefined): number {
  const n = Number(raw ?? '7');
  return raw !== undefined && raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 365 ? n : 7;
}

/** The last moment a return may be asked for: exactly RETURN_DAYS after delivery is still inside. */
export function returnDeadline(deliveredAt: Date, days: number): Date {
  return new Date(deliveredAt.getTime() + days * DAY_MS);
}

/**
 * Why this order can't take an after-sale of this kind now, or null when it can. The buyer's
 * page shows the reason in plain words (the keys are i18n keys).
 */
export type AfterSaleBlock = 'not_paid' | 'shipped_use_return' | 'not_delivered' | 'window_passed' | 'fully_refunded' | 'open' | 'refunded' | 'group_pending';

export function afterSaleBlock(
  o: { status: OrderStatus; deliveredAt: Date | null; refundRequested: boolean; allRefunded: boolean; hasOpen: boolean },
  kind: AfterSaleKind,
  now: Date,
  days: number,
): AfterSaleBlock | null {
  if (o.status === 'refunded' || o.refundRequested) return 'refunded';
  if (o.allRefunded) return 'fully_refunded';
  if (o.hasOpen) return 'open';
  if (o.status === 'pending_payment' || o.status === 'cancelled') return 'not_paid';
  if (o.status === 'awaiting_group') return 'group_pending';
  if (kind === 'refund') return REFUND_BEFORE_SHIPPING.includes(o.status) ? null : 'shipped_use_return';
  if (!RETURNABLE.includes(o.status) || !o.deliveredAt) return 'not_delivered';
  return now.getTime() <= returnDeadline(o.deliveredAt, days).getTime() ? null : 'window_passed';
}
