import { describe, it, expect } from 'vitest';
import {
  IllegalTransitionError,
  ORDER_EVENT_TYPES,
  ORDER_STATUSES,
  canTransition,
  isOrderStatus,
  isTerminal,
  refundableStatuses,
  transitionOrder,
  type OrderEvent,
  type OrderStatus,
} from './order-state';

// Every event, with payment_succeeded in both its single and group forms.
const EVENTS: Record<string, OrderEvent> = {
  'payment_succeeded(single)': { type: 'payment_succeeded', group: false },
  'payment_succeeded(group)': { type: 'payment_succeeded', group: true },
  payment_failed: { type: 'payment_failed' },
  group_succeeded: { type: 'group_succeeded' },
  confirm: { type: 'confirm' },
  ship: { type: 'ship' },
  deliver: { type: 'deliver' },
  complete: { type: 'complete' },
  cancel: { type: 'cancel' },
  refund_succeeded: { type: 'refund_succeeded' },
  partial_refund: { type: 'partial_refund' },
};

// Written out by hand from the spec so that it can disagree with the implementation.
// A missing cell means the transition is illegal.
const EXPECTED: Record<OrderStatus, Partial<Record<keyof typeof EVENTS, OrderStatus>>> = {
  pending_payment: {
    'payment_succeeded(single)': 'paid',
    'payment_succeeded(group)': 'awaiting_group',
    payment_failed: 'cancelled',
    cancel: 'cancelled',
  },
  paid: { confirm: 'confirmed', ship: 'shipped', refund_succeeded: 'refunded', partial_refund: 'paid' },
  // A group order's after-sales wait for the group: until then it may still fail and refund all.
  awaiting_group: { group_succeeded: 'confirmed', refund_succeeded: 'refunded' },
  confirmed: { ship: 'shipped', refund_succeeded: 'refunded', partial_refund: 'confirmed' },
  shipped: { deliver: 'delivered', refund_succeeded: 'refunded', partial_refund: 'shipped' },
  delivered: { complete: 'completed', refund_succeeded: 'refunded', partial_refund: 'delivered' },
  // Completed still takes the buyer's returns, line by line (after-sales).
  completed: { refund_succeeded: 'refunded', partial_refund: 'completed' },
  cancelled: {},
  refunded: {},
};

const MATRIX = ORDER_STATUSES.flatMap((status) =>
  Object.keys(EVENTS).map((name) => [status, name, EXPECTED[status][name] ?? null] as const),
);

describe('transitionOrder matrix', () => {
  it('covers every state and every event', () => {
    expect(MATRIX).toHaveLength(ORDER_STATUSES.length * Object.keys(EVENTS).length);
    expect(new Set(Object.values(EVENTS).map((e) => e.type))).toEqual(new Set(ORDER_EVENT_TYPES));
  });

  it.each(MATRIX)('%s + %s -> %s', (status, name, expected) => {
    const event = EVENTS[name]!;
    if (expected === null) {
      let thrown: unknown;
      try {
        transitionOrder(status, event);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(IllegalTransitionError);
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as IllegalTransitionError).from).toBe(status);
      expect((thrown as IllegalTransitionError).event).toBe(event.type);
      expect((thrown as IllegalTransitionError).name).toBe('IllegalTransitionError');
      expect(canTransition(status, event.type)).toBe(false);
    } else {
      expect(transitionOrder(status, event)).toBe(expected);
      expect(canTransition(status, event.type)).toBe(true);
    }
  });
});

describe('order helpers', () => {
  it('lists the nine statuses of the API contract in order', () => {
    expect(ORDER_STATUSES).toEqual([
      'pending_payment',
      'paid',
      'awaiting_group',
      'confirmed',
      'shipped',
      'delivered',
      'completed',
      'cancelled',
      'refunded',
    ]);
  });

  it.each(ORDER_STATUSES.map((s) => [s, ['completed', 'cancelled', 'refunded'].includes(s)] as const))(
    'isTerminal(%s) = %s',
    (status, terminal) => {
      expect(isTerminal(status)).toBe(terminal);
      // A terminal state accepts no event at all, but a completed order still takes a return.
      const afterSale = new Set(['refund_succeeded', 'partial_refund']);
      if (terminal) expect(ORDER_EVENT_TYPES.some((t) => canTransition(status, t) && !(status === 'completed' && afterSale.has(t)))).toBe(false);
    },
  );

  it('every non-terminal state can move somewhere', () => {
    for (const s of ORDER_STATUSES.filter((x) => !isTerminal(x))) {
      expect(ORDER_EVENT_TYPES.some((t) => canTransition(s, t))).toBe(true);
    }
  });

  it('refundableStatuses is where refund_succeeded is legal, but completed (refunded by after-sales only)', () => {
    expect([...refundableStatuses].sort()).toEqual(
      ORDER_STATUSES.filter((s) => canTransition(s, 'refund_succeeded') && s !== 'completed').sort(),
    );
    expect([...refundableStatuses].sort()).toEqual(
      ['awaiting_group', 'confirmed', 'delivered', 'paid', 'shipped'].sort(),
    );
  });

  it('rejects an unknown event type at runtime', () => {
    expect(() => transitionOrder('paid', { type: 'teleport' } as unknown as OrderEvent)).toThrow(
      IllegalTransitionError,
    );
    expect(canTransition('paid', 'teleport' as never)).toBe(false);
  });

  it('does not treat prototype keys as states', () => {
    expect(canTransition('toString' as OrderStatus, 'ship')).toBe(false);
    expect(() => transitionOrder('constructor' as OrderStatus, { type: 'ship' })).toThrow(
      IllegalTransitionError,
    );
  });

  it.each([
    ['paid', true],
    ['refunded', true],
    ['Paid', false],
    ['', false],
    [null, false],
    [3, false],
  ])('isOrderStatus(%j) = %s', (value, ok) => {
    expect(isOrderStatus(value)).toBe(ok);
  });

  it('walks the happy paths end to end', () => {
    const single: OrderEvent[] = [
      { type: 'payment_succeeded', group: false },
      { type: 'confirm' },
      { type: 'ship' },
      { type: 'deliver' },
      { type: 'complete' },
    ];
    expect(single.reduce<OrderStatus>(transitionOrder, 'pending_payment')).toBe('completed');
    const group: OrderEvent[] = [
      { type: 'payment_succeeded', group: true },
      { type: 'group_succeeded' },
      { type: 'ship' },
      { type: 'deliver' },
      { type: 'refund_succeeded' },
    ];
    expect(group.reduce<OrderStatus>(transitionOrder, 'pending_payment')).toBe('refunded');
  });

  it('a partial refund keeps the status wherever it is legal', () => {
    for (const s of ORDER_STATUSES.filter((x) => canTransition(x, 'partial_refund'))) {
      expect(transitionOrder(s, { type: 'partial_refund' })).toBe(s);
    }
  });
});
