import type { fraudZhCN } from './fraud.zh-CN';

export const fraudEn: typeof fraudZhCN = {
  title: 'Risk signals',
  intro: 'A flagged order\'s commission stays pending until ops release or reverse it.',
  filters: { open: 'To decide', observed: 'Observed', released: 'Released', reversed: 'Reversed', all: 'All' },
  none: 'No signals match.',
  kinds: {
    self_purchase_visitor: 'Self-purchase: same visitor as the seller',
    self_purchase_address: 'Self-purchase: the seller\'s own address',
    self_purchase_email: 'Self-purchase: the seller\'s own email',
    click_spike_visitor: 'Click spike: one visitor',
    click_spike_asn: 'Click spike: one network',
    address_repeat: 'Many orders from one link to one address',
    refund_burst: 'Burst of refunds',
  },
  states: { open: 'On hold', observed: 'Observed', released: 'Released', reversed: 'Reversed' },
  order: 'Order',
  seller: 'Seller',
  link: 'Link',
  count: (observed: number, threshold: number) => `${observed} / threshold ${threshold}`,
  release: 'Release commission',
  reverse: 'Reverse commission',
  decidedBy: (who: string, when: string) => `Decided by ${who} on ${when}`,
  released: (order: string, n: number) =>
    n > 0 ? `Commission of order ${order} released: ${n} ledger ${n === 1 ? 'entry' : 'entries'}.` : `Order ${order} is no longer held; the daily job releases its commission when due.`,
  reversed: (order: string, n: number) =>
    n > 0 ? `Commission of order ${order} reversed: ${n} ledger ${n === 1 ? 'entry' : 'entries'}.` : `Order ${order} decided; there was no commission left to reverse.`,
  nothingHeld: 'This order has no commission on hold (it may have been decided already).',
  notFound: 'No such order.',
  older: 'Older signals',
};
