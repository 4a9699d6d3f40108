export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'awaiting_group',
  'confirmed',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refunded',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderEvent =
  | { type: 'payment_succeeded'; group: boolean }
  | { type: 'payment_failed' }
  | { type: 'group_succeeded' }
  | { type: 'confirm' }
  | { type: 'ship' }
  | { type: 'deliver' }
  | { type: 'complete' }
  | { type: 'cancel' }
  | { type: 'refund_succeeded' }
  | { type: 'partial_refund' };

export type OrderEventType = OrderEvent['type'];

export const ORDER_EVENT_TYPES = [
  'payment_succeeded',
  'payment_failed',
  'group_succeeded',
  'confirm',
  'ship',
  'deliver',
  'complete',
  'cancel',
  'refund_succeeded',
  'partial_refund',
] as const satisfies readonly OrderEventType[];

/**
 * Where a whole-order refund (ops, a failed group) may still land. `completed` is left out: a
 * completed order is refunded only line by line, by the buyer's after-sales (a return), whose
 * last line refunded still moves it with `refund_succeeded`.
 */
export const refundableStatuses = [
  'paid',
  'awaiting_group',
  'confirmed',
  'shipped',
  'delivered',
] as const satisfies readonly OrderStatus[];

const TERMINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['completed', 'cancelled', 'refunded']);

type Transitions = {
  [E in OrderEventType]: Partial<
    Record<OrderStatus, OrderStatus | ((event: Extract<OrderEvent, { type: E }>) => OrderStatus)>
  >;
};

const TRANSITIONS: Transitions = {
  payment_succeeded: {
    // A group order is paid but not yet confirmable: the group may still fail.
    pending_payment: (e) => (e.group ? 'awaiting_group' : 'paid'),
  },
  payment_failed: { pending_payment: 'cancelled' },
  group_succeeded: { awaiting_group: 'confirmed' },
  confirm: { paid: 'confirmed' },
  // Shipping straight from `paid` lets ops skip an explicit accept step for single orders.
  ship: { paid: 'shipped', confirmed: 'shipped' },
  deliver: { shipped: 'delivered' },
  complete: { delivered: 'completed' },
  // Also the reservation-window expiry. Once money has arrived only a refund ends the order.
  cancel: { pending_payment: 'cancelled' },
  refund_succeeded: {
    paid: 'refunded',
    awaiting_group: 'refunded',
    confirmed: 'refunded',
    shipped: 'refunded',
    delivered: 'refunded',
    completed: 'refunded',
  },
  // An after-sale refunded some lines but not all: the order keeps its status (and shows
  // refundedAmount); the one that refunds the last line is `refund_succeeded`.
  partial_refund: {
    paid: 'paid',
    confirmed: 'confirmed',
    shipped: 'shipped',
    delivered: 'delivered',
    completed: 'completed',
  },
};

export class IllegalTransitionError extends Error {
  readonly from: OrderStatus;
  readonly event: OrderEventType;

  constructor(from: OrderStatus, event: OrderEventType) {
    super(`illegal order transition: ${event} in ${from}`);
    this.name = 'IllegalTransitionError';
    this.from = from;
    this.event = event;
  }
}

export function canTransition(status: OrderStatus, eventType: OrderEventType): boolean {
  return Object.prototype.hasOwnProperty.call(TRANSITIONS[eventType] ?? {}, status);
}

export function transitionOrder(status: OrderStatus, event: OrderEvent): OrderStatus {
  const table = TRANSITIONS[event.type] as
    | Partial<Record<OrderStatus, OrderStatus | ((e: OrderEvent) => OrderStatus)>>
    | undefined;
  const next = table && Object.prototype.hasOwnProperty.call(table, status) ? table[status] : undefined;
  if (next === undefined) throw new IllegalTransitionError(status, event.type);
  return typeof next === 'function' ? next(event) : next;
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/**
 * A decided refund is owed until the provider takes it, requested once it has, settled when the
 * provider's refund event arrives.
 */
export const REFUND_STATES = ['owed', 'requested', 'settled'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
