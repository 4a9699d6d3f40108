// The ops refunds page (en); typed as the zh-CN shape.
import type { opsRefundsZhCN } from './ops-refunds.zh-CN';

export const opsRefundsEn: typeof opsRefundsZhCN = {
  title: 'Refunds',
  intro: 'Refunds decided but not yet settled by the payment provider. A failed refund is asked for again after a backoff; one that keeps failing is flagged for a person to look at.',
  filterBy: 'Filter by state',
  filters: { owed: 'Owed', requested: 'Requested', settled: 'Settled', flagged: 'Needs attention' },
  order: 'Order',
  amount: 'Amount',
  reason: 'Reason',
  reasons: { ops_refund: 'Ops refund', group_failed: 'Group failed', voided_out_of_stock: 'Voided: out of stock', voided_late_payment: 'Voided: paid too late' },
  state: 'State',
  states: { owed: 'Owed', requested: 'Requested', settled: 'Settled' },
  attempts: 'Attempts',
  attemptsOf: (attempts, failures) => (failures > 0 ? `${attempts} (${failures} failed at the provider)` : String(attempts)),
  nextAttempt: 'Next try',
  lastError: 'Last error',
  flagged: 'Needs attention',
  flaggedWhy: (n) => `asked ${n} times or more without settling`,
  retry: 'Retry now',
  retryFor: (orderId) => `Retry now: order ${orderId}`,
  none: 'No refunds here.',
  sent: (orderId) => `The refund of order ${orderId} was asked for again.`,
  notSent: (orderId) => `The refund of order ${orderId} was not sent: the provider refused again, or it is no longer owed.`,
};
