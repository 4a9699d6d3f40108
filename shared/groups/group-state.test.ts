import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GroupSeatError,
  expireGroup,
  expireHolds,
  heldCount,
  holdSeat,
  isJoinable,
  openGroup,
  paidCount,
  paySeat,
  releaseSeat,
  type GroupEffect,
  type GroupErrorCode,
  type GroupState,
  type GroupStatus,
  type GroupTransition,
  type Seat,
} from './group-state';
import { snapshotGroup } from './group-snapshot';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const MIN = 60_000;
const HOLD = 15 * MIN;
const DEADLINE = T0 + 24 * 60 * MIN;
const NOW = T0 + MIN; // holds are live, group is open
const LAPSE = T0 + HOLD; // holds taken at T0 have lapsed, group still open

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function seat(orderId: string, email: string, state: Seat['state']): Seat {
  return { orderId, buyerEmail: email, state, holdExpiresAt: T0 + HOLD };
}

function group(seats: Seat[], status: GroupStatus = 'open', size = 3): GroupState {
  const base = openGroup({ id: 'g1', productId: 'p1', size, expiresAt: DEADLINE, now: T0 });
  return deepFreeze({ ...base, status, seats });
}

const a = (s: Seat['state']) => seat('o1', 'a@x.test', s);
const b = (s: Seat['state']) => seat('o2', 'b@x.test', s);
const c = (s: Seat['state']) => seat('o3', 'c@x.test', s);

const STATES = {
  empty: group([]),
  held1: group([a('held')]),
  mixed: group([a('paid'), b('held')]),
  allHeld: group([a('held'), b('held'), c('held')]),
  full: group([a('paid'), b('paid'), c('held')]),
  succeeded: group([a('paid'), b('paid'), c('paid')], 'succeeded'),
  failed: group([a('paid')], 'failed'),
} as const;
type StateName = keyof typeof STATES;

const newBuyer = (now: number) => ({ orderId: 'o9', buyerEmail: 'd@x.test', holdExpiresAt: now + HOLD, now });

const EVENTS = {
  holdNew: (s: GroupState) => holdSeat(s, newBuyer(NOW)),
  holdSameEmailOtherCase: (s: GroupState) =>
    holdSeat(s, { orderId: 'o9', buyerEmail: '  A@X.Test ', holdExpiresAt: NOW + HOLD, now: NOW }),
  holdRetryO1: (s: GroupState) =>
    holdSeat(s, { orderId: 'o1', buyerEmail: 'a@x.test', holdExpiresAt: NOW + HOLD, now: NOW }),
  payO1: (s: GroupState) => paySeat(s, { orderId: 'o1', now: NOW }),
  payO2: (s: GroupState) => paySeat(s, { orderId: 'o2', now: NOW }),
  payO3: (s: GroupState) => paySeat(s, { orderId: 'o3', now: NOW }),
  payUnknown: (s: GroupState) => paySeat(s, { orderId: 'o9', now: NOW }),
  releaseO1: (s: GroupState) => releaseSeat(s, { orderId: 'o1' }),
  releaseO2: (s: GroupState) => releaseSeat(s, { orderId: 'o2' }),
  expireHoldsEarly: (s: GroupState) => expireHolds(s, NOW),
  expireHoldsLapsed: (s: GroupState) => expireHolds(s, LAPSE),
  expireGroupEarly: (s: GroupState) => expireGroup(s, DEADLINE - 1, { autoFillPercent: 60 }),
  expireGroupAtDeadline: (s: GroupState) => expireGroup(s, DEADLINE),
  expireGroupAutoFill60: (s: GroupState) => expireGroup(s, DEADLINE, { autoFillPercent: 60 }),
  holdAfterDeadline: (s: GroupState) => holdSeat(s, newBuyer(DEADLINE)),
  payO2AtDeadline: (s: GroupState) => paySeat(s, { orderId: 'o2', now: DEADLINE }),
  payO1AfterHoldLapse: (s: GroupState) => paySeat(s, { orderId: 'o1', now: LAPSE }),
  holdNewAfterHoldLapse: (s: GroupState) => holdSeat(s, newBuyer(LAPSE)),
} satisfies Record<string, (s: GroupState) => GroupTransition>;
type EventName = keyof typeof EVENTS;

/** `seats`: "o1P o2H" (paid/held, in seat order); status and autoFilled default to unchanged/0. */
type Outcome =
  | { throws: GroupErrorCode }
  | { seats: string; status?: GroupStatus; effects?: GroupEffect[]; autoFilled?: number };

const same = (s: StateName): Outcome => ({ seats: describeSeats(STATES[s]) });
const refund = (orderId: string): GroupEffect => ({ type: 'refund_order', orderId });
const cancel = (orderId: string): GroupEffect => ({ type: 'cancel_order', orderId });
const confirm = (...orderIds: string[]): GroupEffect => ({ type: 'confirm_orders', orderIds });
const closed: Outcome = { throws: 'group_closed' };
const member: Outcome = { throws: 'already_member' };
const full: Outcome = { throws: 'group_full' };

function describeSeats(s: GroupState): string {
  return s.seats.map((x) => `${x.orderId}${x.state === 'paid' ? 'P' : 'H'}`).join(' ');
}

const EXPECTED: Record<StateName, Record<EventName, Outcome>> = {
  empty: {
    holdNew: { seats: 'o9H' },
    holdSameEmailOtherCase: { seats: 'o9H' },
    holdRetryO1: { seats: 'o1H' },
    payO1: { seats: '', effects: [refund('o1')] },
    payO2: { seats: '', effects: [refund('o2')] },
    payO3: { seats: '', effects: [refund('o3')] },
    payUnknown: { seats: '', effects: [refund('o9')] },
    releaseO1: same('empty'),
    releaseO2: same('empty'),
    expireHoldsEarly: same('empty'),
    expireHoldsLapsed: same('empty'),
    expireGroupEarly: same('empty'),
    expireGroupAtDeadline: { seats: '', status: 'failed' },
    expireGroupAutoFill60: { seats: '', status: 'failed' },
    holdAfterDeadline: closed,
    payO2AtDeadline: { seats: '', effects: [refund('o2')] },
    payO1AfterHoldLapse: { seats: '', effects: [refund('o1')] },
    holdNewAfterHoldLapse: { seats: 'o9H' },
  },
  held1: {
    holdNew: { seats: 'o1H o9H' },
    holdSameEmailOtherCase: member,
    holdRetryO1: same('held1'),
    payO1: { seats: 'o1P' },
    payO2: { seats: 'o1H', effects: [refund('o2')] },
    payO3: { seats: 'o1H', effects: [refund('o3')] },
    payUnknown: { seats: 'o1H', effects: [refund('o9')] },
    releaseO1: { seats: '' },
    releaseO2: same('held1'),
    expireHoldsEarly: same('held1'),
    expireHoldsLapsed: { seats: '', effects: [cancel('o1')] },
    expireGroupEarly: same('held1'),
    expireGroupAtDeadline: { seats: '', status: 'failed', effects: [cancel('o1')] },
    expireGroupAutoFill60: { seats: '', status: 'failed', effects: [cancel('o1')] },
    holdAfterDeadline: closed,
    payO2AtDeadline: { seats: 'o1H', effects: [refund('o2')] },
    payO1AfterHoldLapse: { seats: '', effects: [refund('o1')] },
    holdNewAfterHoldLapse: { seats: 'o9H', effects: [cancel('o1')] },
  },
  mixed: {
    holdNew: { seats: 'o1P o2H o9H' },
    holdSameEmailOtherCase: member,
    holdRetryO1: same('mixed'),
    payO1: same('mixed'),
    payO2: { seats: 'o1P o2P' },
    payO3: { seats: 'o1P o2H', effects: [refund('o3')] },
    payUnknown: { seats: 'o1P o2H', effects: [refund('o9')] },
    releaseO1: same('mixed'),
    releaseO2: { seats: 'o1P' },
    expireHoldsEarly: same('mixed'),
    expireHoldsLapsed: { seats: 'o1P', effects: [cancel('o2')] },
    expireGroupEarly: same('mixed'),
    expireGroupAtDeadline: { seats: 'o1P', status: 'failed', effects: [refund('o1'), cancel('o2')] },
    // 1/3 paid is below 60%
    expireGroupAutoFill60: { seats: 'o1P', status: 'failed', effects: [refund('o1'), cancel('o2')] },
    holdAfterDeadline: closed,
    payO2AtDeadline: { seats: 'o1P', effects: [refund('o2')] },
    payO1AfterHoldLapse: same('mixed'),
    holdNewAfterHoldLapse: { seats: 'o1P o9H', effects: [cancel('o2')] },
  },
  allHeld: {
    holdNew: full,
    holdSameEmailOtherCase: member,
    holdRetryO1: same('allHeld'),
    payO1: { seats: 'o1P o2H o3H' },
    payO2: { seats: 'o1H o2P o3H' },
    payO3: { seats: 'o1H o2H o3P' },
    payUnknown: { seats: 'o1H o2H o3H', effects: [refund('o9')] },
    releaseO1: { seats: 'o2H o3H' },
    releaseO2: { seats: 'o1H o3H' },
    expireHoldsEarly: same('allHeld'),
    expireHoldsLapsed: { seats: '', effects: [cancel('o1'), cancel('o2'), cancel('o3')] },
    expireGroupEarly: same('allHeld'),
    expireGroupAtDeadline: {
      seats: '',
      status: 'failed',
      effects: [cancel('o1'), cancel('o2'), cancel('o3')],
    },
    expireGroupAutoFill60: {
      seats: '',
      status: 'failed',
      effects: [cancel('o1'), cancel('o2'), cancel('o3')],
    },
    holdAfterDeadline: closed,
    payO2AtDeadline: { seats: 'o1H o3H', effects: [refund('o2')] },
    payO1AfterHoldLapse: { seats: 'o2H o3H', effects: [refund('o1')] },
    holdNewAfterHoldLapse: { seats: 'o9H', effects: [cancel('o1'), cancel('o2'), cancel('o3')] },
  },
  full: {
    holdNew: full,
    holdSameEmailOtherCase: member,
    holdRetryO1: same('full'),
    payO1: same('full'),
    payO2: same('full'),
    payO3: { seats: 'o1P o2P o3P', status: 'succeeded', effects: [confirm('o1', 'o2', 'o3')] },
    payUnknown: { seats: 'o1P o2P o3H', effects: [refund('o9')] },
    releaseO1: same('full'),
    releaseO2: same('full'),
    expireHoldsEarly: same('full'),
    expireHoldsLapsed: { seats: 'o1P o2P', effects: [cancel('o3')] },
    expireGroupEarly: same('full'),
    expireGroupAtDeadline: {
      seats: 'o1P o2P',
      status: 'failed',
      effects: [refund('o1'), refund('o2'), cancel('o3')],
    },
    // 2/3 = 66.7% >= 60%: the platform fills the third seat
    expireGroupAutoFill60: {
      seats: 'o1P o2P',
      status: 'succeeded',
      autoFilled: 1,
      effects: [cancel('o3'), confirm('o1', 'o2')],
    },
    holdAfterDeadline: closed,
    payO2AtDeadline: same('full'),
    payO1AfterHoldLapse: same('full'),
    holdNewAfterHoldLapse: { seats: 'o1P o2P o9H', effects: [cancel('o3')] },
  },
  succeeded: {
    holdNew: closed,
    holdSameEmailOtherCase: closed,
    holdRetryO1: same('succeeded'),
    payO1: same('succeeded'),
    payO2: same('succeeded'),
    payO3: same('succeeded'),
    payUnknown: { seats: 'o1P o2P o3P', effects: [refund('o9')] },
    releaseO1: same('succeeded'),
    releaseO2: same('succeeded'),
    expireHoldsEarly: same('succeeded'),
    expireHoldsLapsed: same('succeeded'),
    expireGroupEarly: same('succeeded'),
    expireGroupAtDeadline: same('succeeded'),
    expireGroupAutoFill60: same('succeeded'),
    holdAfterDeadline: closed,
    payO2AtDeadline: same('succeeded'),
    payO1AfterHoldLapse: same('succeeded'),
    holdNewAfterHoldLapse: closed,
  },
  failed: {
    holdNew: closed,
    holdSameEmailOtherCase: closed,
    holdRetryO1: same('failed'),
    payO1: same('failed'),
    payO2: { seats: 'o1P', effects: [refund('o2')] },
    payO3: { seats: 'o1P', effects: [refund('o3')] },
    payUnknown: { seats: 'o1P', effects: [refund('o9')] },
    releaseO1: same('failed'),
    releaseO2: same('failed'),
    expireHoldsEarly: same('failed'),
    expireHoldsLapsed: same('failed'),
    expireGroupEarly: same('failed'),
    expireGroupAtDeadline: same('failed'),
    expireGroupAutoFill60: same('failed'),
    holdAfterDeadline: closed,
    payO2AtDeadline: { seats: 'o1P', effects: [refund('o2')] },
    payO1AfterHoldLapse: same('failed'),
    holdNewAfterHoldLapse: closed,
  },
};

const MATRIX = (Object.keys(STATES) as StateName[]).flatMap((s) =>
  (Object.keys(EVENTS) as EventName[]).map((e) => [s, e] as const),
);

describe('group seat matrix: every event in every state', () => {
  it('has an expectation for every cell', () => {
    for (const [s, e] of MATRIX) expect(EXPECTED[s][e], `${s}/${e}`).toBeDefined();
    expect(MATRIX.length).toBe(Object.keys(STATES).length * Object.keys(EVENTS).length);
  });

  it.each(MATRIX)('%s + %s', (stateName, eventName) => {
    const start = STATES[stateName];
    const before = JSON.stringify(start);
    const expected = EXPECTED[stateName][eventName];
    const run = () => EVENTS[eventName](start);

    if ('throws' in expected) {
      let thrown: unknown;
      try {
        run();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(GroupSeatError);
      expect((thrown as GroupSeatError).code).toBe(expected.throws);
    } else {
      const { state, effects } = run();
      expect(describeSeats(state)).toBe(expected.seats);
      expect(state.status).toBe(expected.status ?? start.status);
      expect(state.autoFilled).toBe(expected.autoFilled ?? 0);
      expect(effects).toEqual(expected.effects ?? []);
      expect(paidCount(state) + heldCount(state)).toBeLessThanOrEqual(state.size);
      expect({ id: state.id, productId: state.productId, size: state.size, expiresAt: state.expiresAt }).toEqual({
        id: 'g1',
        productId: 'p1',
        size: 3,
        expiresAt: DEADLINE,
      });
    }
    // Inputs are deep-frozen, so a mutation would already have thrown; this guards the content too.
    expect(JSON.stringify(start)).toBe(before);
  });
});

describe('openGroup', () => {
  it('opens an empty group', () => {
    expect(openGroup({ id: 'g', productId: 'p', size: 2, expiresAt: T0 + 1, now: T0 })).toEqual({
      id: 'g',
      productId: 'p',
      size: 2,
      expiresAt: T0 + 1,
      status: 'open',
      seats: [],
      autoFilled: 0,
    });
    expect(openGroup({ id: 'g', productId: 'p', size: 50, expiresAt: DEADLINE, now: T0 }).size).toBe(50);
  });

  it.each([
    ['size 1', { size: 1 }],
    ['size 51', { size: 51 }],
    ['size 2.5', { size: 2.5 }],
    ['size NaN', { size: Number.NaN }],
    ['expiresAt == now', { expiresAt: T0 }],
    ['expiresAt in the past', { expiresAt: T0 - 1 }],
    ['expiresAt NaN', { expiresAt: Number.NaN }],
    ['empty id', { id: '' }],
    ['empty productId', { productId: '' }],
  ])('rejects %s', (_label, patch) => {
    const input = { id: 'g', productId: 'p', size: 3, expiresAt: DEADLINE, now: T0, ...patch };
    expect(() => openGroup(input)).toThrow(RangeError);
  });
});

describe('holdSeat', () => {
  it('stores the buyer email lowercased and trimmed and refuses it in any case', () => {
    const { state } = holdSeat(STATES.empty, {
      orderId: 'o1',
      buyerEmail: ' Alice@Example.COM ',
      holdExpiresAt: NOW + HOLD,
      now: NOW,
    });
    expect(state.seats[0]).toEqual({
      orderId: 'o1',
      buyerEmail: 'alice@example.com',
      state: 'held',
      holdExpiresAt: NOW + HOLD,
    });
    for (const email of ['alice@example.com', 'ALICE@EXAMPLE.COM', 'aLiCe@example.com ']) {
      expect(() =>
        holdSeat(state, { orderId: 'o2', buyerEmail: email, holdExpiresAt: NOW + HOLD, now: NOW }),
      ).toThrow(expect.objectContaining({ code: 'already_member' }));
    }
  });

  it('refuses a paid member rejoining with a new order', () => {
    const paid = paySeat(
      holdSeat(STATES.empty, { orderId: 'o1', buyerEmail: 'a@x.test', holdExpiresAt: NOW + HOLD, now: NOW }).state,
      { orderId: 'o1', now: NOW },
    ).state;
    expect(() =>
      holdSeat(paid, { orderId: 'o2', buyerEmail: 'A@x.test', holdExpiresAt: NOW + HOLD, now: NOW }),
    ).toThrow(expect.objectContaining({ code: 'already_member' }));
  });

  it('is closed exactly at expiresAt, open one ms before', () => {
    expect(() => holdSeat(STATES.empty, newBuyer(DEADLINE))).toThrow(
      expect.objectContaining({ code: 'group_closed' }),
    );
    expect(holdSeat(STATES.empty, newBuyer(DEADLINE - 1)).state.seats).toHaveLength(1);
  });

  it('lets a member whose hold lapsed come back', () => {
    const { state, effects } = holdSeat(STATES.held1, {
      orderId: 'o7',
      buyerEmail: 'a@x.test',
      holdExpiresAt: LAPSE + HOLD,
      now: LAPSE,
    });
    expect(describeSeats(state)).toBe('o7H');
    expect(effects).toEqual([cancel('o1')]);
  });

  it('rejects malformed arguments with RangeError', () => {
    expect(() => holdSeat(STATES.empty, { ...newBuyer(NOW), orderId: '' })).toThrow(RangeError);
    expect(() => holdSeat(STATES.empty, { ...newBuyer(NOW), buyerEmail: '   ' })).toThrow(RangeError);
    expect(() => holdSeat(STATES.empty, { ...newBuyer(NOW), holdExpiresAt: Number.NaN })).toThrow(RangeError);
    expect(() => holdSeat(STATES.empty, { ...newBuyer(NOW), now: Number.NaN })).toThrow(RangeError);
  });

  it('GroupSeatError is an Error carrying the API code', () => {
    const err = new GroupSeatError('group_full', 'x');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('GroupSeatError');
    expect(err.code).toBe('group_full');
  });
});

describe('paySeat', () => {
  it('confirms every order in seat order when the last seat is paid, exactly once', () => {
    let s = group([], 'open', 2);
    s = holdSeat(s, { orderId: 'x', buyerEmail: 'x@t', holdExpiresAt: NOW + HOLD, now: NOW }).state;
    s = holdSeat(s, { orderId: 'y', buyerEmail: 'y@t', holdExpiresAt: NOW + HOLD, now: NOW }).state;
    const first = paySeat(s, { orderId: 'y', now: NOW });
    expect(first.effects).toEqual([]);
    const second = paySeat(first.state, { orderId: 'x', now: NOW });
    expect(second.state.status).toBe('succeeded');
    expect(second.effects).toEqual([confirm('x', 'y')]);
    // A replayed payment after success changes nothing and confirms nothing again.
    expect(paySeat(second.state, { orderId: 'x', now: NOW })).toEqual({ state: second.state, effects: [] });
  });

  it('accepts payment one ms before the hold lapses and refunds it at the lapse', () => {
    expect(paySeat(STATES.held1, { orderId: 'o1', now: LAPSE - 1 }).effects).toEqual([]);
    expect(paySeat(STATES.held1, { orderId: 'o1', now: LAPSE }).effects).toEqual([refund('o1')]);
  });
});

describe('expireGroup', () => {
  const withPaid = (size: number, paid: number): GroupState =>
    group(
      Array.from({ length: paid }, (_, i) => seat(`o${i}`, `b${i}@t`, 'paid')),
      'open',
      size,
    );

  it.each([
    // size, paid, autoFillPercent, status, autoFilled
    [5, 3, 60, 'succeeded', 2],
    [5, 2, 60, 'failed', 0],
    [5, 4, 80, 'succeeded', 1],
    [5, 4, 81, 'failed', 0],
    [3, 2, 66.6, 'succeeded', 1],
    [3, 2, 66.7, 'failed', 0],
    [5, 4, 100, 'failed', 0],
    [5, 1, 0, 'succeeded', 4],
    [5, 0, 0, 'failed', 0], // nobody paid: nothing to fill around
    [5, 4, null, 'failed', 0],
    [5, 4, undefined, 'failed', 0],
    [2, 1, 50, 'succeeded', 1],
  ] as const)('size %i, %i paid, autoFill %s -> %s (+%i)', (size, paid, pct, status, autoFilled) => {
    const start = withPaid(size, paid);
    const { state, effects } = expireGroup(start, DEADLINE, { autoFillPercent: pct });
    const ids = start.seats.map((s) => s.orderId);
    expect(state.status).toBe(status);
    expect(state.autoFilled).toBe(autoFilled);
    if (status === 'succeeded') {
      expect(effects).toEqual([confirm(...ids)]);
      expect(paidCount(state) + state.autoFilled).toBe(size);
    } else {
      expect(effects).toEqual(ids.map(refund));
    }
  });

  it('defaults to no auto-fill', () => {
    expect(expireGroup(withPaid(5, 4), DEADLINE).state.status).toBe('failed');
  });

  it.each([-1, 101, Number.NaN, Infinity])('rejects autoFillPercent %s', (pct) => {
    expect(() => expireGroup(STATES.empty, DEADLINE, { autoFillPercent: pct })).toThrow(RangeError);
  });

  it('is idempotent: a second alarm emits nothing', () => {
    const once = expireGroup(STATES.full, DEADLINE);
    expect(once.effects).toHaveLength(3);
    expect(expireGroup(once.state, DEADLINE + 1)).toEqual({ state: once.state, effects: [] });
  });
});

describe('snapshotGroup', () => {
  it('matches the API group shape exactly', () => {
    expect(snapshotGroup(STATES.mixed)).toStrictEqual({
      id: 'g1',
      productId: 'p1',
      size: 3,
      members: 1,
      held: 1,
      status: 'open',
      expiresAt: '2025-01-02T00:00:00.000Z',
    });
  });

  it.each([
    ['empty', 0, 0, 'open'],
    ['held1', 0, 1, 'open'],
    ['mixed', 1, 1, 'open'],
    ['allHeld', 0, 3, 'open'],
    ['full', 2, 1, 'open'],
    ['succeeded', 3, 0, 'succeeded'],
    ['failed', 1, 0, 'failed'],
  ] as const)('%s: members %i, held %i, %s', (name, members, held, status) => {
    const snap = snapshotGroup(STATES[name]);
    expect([snap.members, snap.held, snap.status]).toEqual([members, held, status]);
  });
});

describe('isJoinable', () => {
  it.each([
    ['empty', NOW, true],
    ['mixed', NOW, true],
    ['full', NOW, false],
    ['empty', DEADLINE, false],
    ['succeeded', NOW, false],
    ['failed', NOW, false],
  ] as const)('%s at %s -> %s', (name, now, ok) => {
    expect(isJoinable(STATES[name], now)).toBe(ok);
  });
});

// Random interleavings of everything the Durable Object can be asked to do.
type Op =
  | { kind: 'hold'; buyer: number; order: number; dt: number }
  | { kind: 'pay'; order: number; dt: number }
  | { kind: 'release'; order: number; dt: number }
  | { kind: 'expireHolds'; dt: number }
  | { kind: 'expireGroup'; dt: number; pct: number | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('hold' as const), buyer: fc.nat(12), order: fc.nat(20), dt: fc.nat(5 * MIN) }),
  fc.record({ kind: fc.constant('pay' as const), order: fc.nat(20), dt: fc.nat(5 * MIN) }),
  fc.record({ kind: fc.constant('release' as const), order: fc.nat(20), dt: fc.nat(5 * MIN) }),
  fc.record({ kind: fc.constant('expireHolds' as const), dt: fc.nat(20 * MIN) }),
  fc.record({
    kind: fc.constant('expireGroup' as const),
    dt: fc.nat(20 * MIN),
    pct: fc.option(fc.integer({ min: 0, max: 100 })),
  }),
);

describe('group invariants under random operation sequences', () => {
  it('never seats more than size, decides once, never confirms a cancelled or refunded order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 10 * MIN, max: 120 * MIN }),
        fc.array(opArb, { maxLength: 80 }),
        (size, lifetime, ops) => {
          let now = T0;
          let state = openGroup({ id: 'g', productId: 'p', size, expiresAt: T0 + lifetime, now });
          const confirmed = new Set<string>();
          const undone = new Set<string>(); // cancelled or refunded
          let confirmations = 0;
          const paidEver = new Set<string>();

          for (const op of ops) {
            now += op.dt;
            const prevStatus = state.status;
            let result: GroupTransition;
            try {
              switch (op.kind) {
                case 'hold':
                  result = holdSeat(state, {
                    orderId: `o${op.order}`,
                    buyerEmail: op.buyer % 2 ? `B${op.buyer}@T` : `b${op.buyer}@t`,
                    holdExpiresAt: now + HOLD,
                    now,
                  });
                  break;
                case 'pay':
                  result = paySeat(state, { orderId: `o${op.order}`, now });
                  break;
                case 'release':
                  result = releaseSeat(state, { orderId: `o${op.order}` });
                  break;
                case 'expireHolds':
                  result = expireHolds(state, now);
                  break;
                case 'expireGroup':
                  result = expireGroup(state, now, { autoFillPercent: op.pct });
                  break;
              }
            } catch (err) {
              expect(err).toBeInstanceOf(GroupSeatError);
              expect(op.kind).toBe('hold');
              continue;
            }
            state = result.state;

            for (const e of result.effects) {
              if (e.type === 'confirm_orders') {
                confirmations++;
                e.orderIds.forEach((id) => confirmed.add(id));
              } else {
                undone.add(e.orderId);
              }
            }
            for (const s of state.seats) if (s.state === 'paid') paidEver.add(s.orderId);

            // Invariant 1 of the design.
            expect(paidCount(state) + heldCount(state)).toBeLessThanOrEqual(size);
            expect(state.seats.length).toBe(paidCount(state) + heldCount(state));
            const emails = state.seats.map((s) => s.buyerEmail);
            expect(new Set(emails).size).toBe(emails.length);
            expect(emails.every((m) => m === m.toLowerCase())).toBe(true);
            // Decided groups stay decided.
            if (prevStatus !== 'open') expect(state.status).toBe(prevStatus);
            if (state.status === 'succeeded') {
              expect(heldCount(state)).toBe(0);
              expect(paidCount(state) + state.autoFilled).toBe(size);
            }
            if (state.status === 'failed') expect(heldCount(state)).toBe(0);
            if (state.status === 'failed') expect(now).toBeGreaterThanOrEqual(T0 + lifetime);
          }

          expect(confirmations).toBeLessThanOrEqual(1);
          for (const id of confirmed) {
            expect(undone.has(id)).toBe(false);
            expect(paidEver.has(id)).toBe(true);
          }
          const snap = snapshotGroup(state);
          expect(snap.members + snap.held).toBeLessThanOrEqual(size);
        },
      ),
      { numRuns: 500, seed: 20250101 },
    );
  });
});
