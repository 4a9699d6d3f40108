/**
 * Group-buy (拼团) seat rules. The GroupBuy Durable Object holds one GroupState, feeds it
 * through these functions and carries out the returned effects (idempotently: alarms and
 * webhooks are at-least-once). Nothing here mutates its input.
 *
 * Invariant: paid + held seats never exceed `size`.
 */

export const GROUP_MIN_SIZE = 2;
export const GROUP_MAX_SIZE = 50;

export type GroupStatus = 'open' | 'succeeded' | 'failed';
export type SeatState = 'held' | 'paid';

export interface Seat {
  readonly orderId: string;
  /** Lowercased, trimmed. */
  readonly buyerEmail: string;
  readonly state: SeatState;
  /** ms epoch; meaningful only while `held`. */
  readonly holdExpiresAt: number;
  /** ms epoch of the payment; absent on seats paid before it was kept (join order stands in). */
  readonly paidAt?: number;
}

export interface GroupState {
  readonly id: string;
  readonly productId: string;
  readonly size: number;
  /** ms epoch */
  readonly expiresAt: number;
  readonly status: GroupStatus;
  readonly seats: readonly Seat[];
  /** Seats the platform filled when the group succeeded by auto-fill; 0 otherwise. */
  readonly autoFilled: number;
}

export type GroupEffect =
  | { readonly type: 'confirm_orders'; readonly orderIds: readonly string[] }
  | { readonly type: 'refund_order'; readonly orderId: string }
  | { readonly type: 'cancel_order'; readonly orderId: string };

export interface GroupTransition {
  readonly state: GroupState;
  readonly effects: readonly GroupEffect[];
}

export type GroupErrorCode = 'group_full' | 'group_closed' | 'already_member';

/** A buyer-facing refusal; `code` is the API error code (409). */
export class GroupSeatError extends Error {
  readonly code: GroupErrorCode;

  constructor(code: GroupErrorCode, message: string) {
    super(message);
    this.name = 'GroupSeatError';
    this.code = code;
  }
}

export interface GroupSnapshot {
  id: string;
  productId: string;
  size: number;
  members: number;
  held: number;
  status: GroupStatus;
  expiresAt: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function assertFiniteTime(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite ms epoch`);
}

function assertId(value: string, name: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new RangeError(`${name} must be a non-empty string`);
  }
}

function countSeats(state: GroupState, seatState: SeatState): number {
  let n = 0;
  for (const seat of state.seats) if (seat.state === seatState) n++;
  return n;
}

export function paidCount(state: GroupState): number {
  return countSeats(state, 'paid');
}

export function heldCount(state: GroupState): number {
  return countSeats(state, 'held');
}

/** Whether a new buyer could hold a seat at `now`, ignoring who they are. */
export function isJoinable(state: GroupState, now: number): boolean {
  return state.status === 'open' && now < state.expiresAt && state.seats.length < state.size;
}

const unchanged = (state: GroupState): GroupTransition => ({ state, effects: [] });

export function openGroup(input: {
  id: string;
  productId: string;
  size: number;
  expiresAt: number;
  now: number;
}): GroupState {
  assertId(input.id, 'id');
  assertId(input.productId, 'productId');
  if (!Number.isInteger(input.size) || input.size < GROUP_MIN_SIZE || input.size > GROUP_MAX_SIZE) {
    throw new RangeError(`size must be an integer in ${GROUP_MIN_SIZE}..${GROUP_MAX_SIZE}`);
  }
  assertFiniteTime(input.expiresAt, 'expiresAt');
  assertFiniteTime(input.now, 'now');
  if (input.expiresAt <= input.now) throw new RangeError('expiresAt must be after now');
  return {
    id: input.id,
    productId: input.productId,
    size: input.size,
    expiresAt: input.expiresAt,
    status: 'open',
    seats: [],
    autoFilled: 0,
  };
}

/**
 * Reserves a seat while the buyer pays. Lapsed holds are swept first (their `cancel_order`
 * effects are returned) so an abandoned checkout never blocks a real buyer.
 * Retrying with the same orderId returns the state unchanged.
 * Throws GroupSeatError: `group_closed`, then `already_member`, then `group_full`.
 */
export function holdSeat(
  state: GroupState,
  input: { orderId: string; buyerEmail: string; holdExpiresAt: number; now: number },
): GroupTransition {
  assertId(input.orderId, 'orderId');
  assertFiniteTime(input.holdExpiresAt, 'holdExpiresAt');
  assertFiniteTime(input.now, 'now');
  if (state.seats.some((s) => s.orderId === input.orderId)) return unchanged(state);

  if (state.status !== 'open' || input.now >= state.expiresAt) {
    throw new GroupSeatError('group_closed', 'this group is no longer open');
  }
  const email = normalizeEmail(input.buyerEmail);
  if (email.length === 0) throw new RangeError('buyerEmail must be non-empty');

  const swept = expireHolds(state, input.now);
  if (swept.state.seats.some((s) => s.buyerEmail === email)) {
    throw new GroupSeatError('already_member', 'this buyer already has a seat in the group');
  }
  if (swept.state.seats.length >= state.size) {
    throw new GroupSeatError('group_full', 'every seat in this group is taken');
  }
  const seat: Seat = {
    orderId: input.orderId,
    buyerEmail: email,
    state: 'held',
    holdExpiresAt: input.holdExpiresAt,
  };
  return {
    state: { ...swept.state, seats: [...swept.state.seats, seat] },
    effects: swept.effects,
  };
}

/**
 * Records a payment for a seat. Money that arrives for a seat the group can no longer honour
 * (unknown or released seat, lapsed hold, past the deadline, group already decided) is
 * refunded: the buyer must never pay for a seat they do not get.
 */
export function paySeat(state: GroupState, input: { orderId: string; now: number }): GroupTransition {
  assertId(input.orderId, 'orderId');
  assertFiniteTime(input.now, 'now');
  const seat = state.seats.find((s) => s.orderId === input.orderId);
  if (seat?.state === 'paid') return unchanged(state);

  const refund: GroupEffect = { type: 'refund_order', orderId: input.orderId };
  if (seat === undefined) return { state, effects: [refund] };

  const late =
    state.status !== 'open' || input.now >= state.expiresAt || input.now >= seat.holdExpiresAt;
  if (late) {
    // The order has been (or is about to be) cancelled by its own expiry; drop the seat so it
    // cannot be confirmed later, and give the money back.
    return {
      state: { ...state, seats: state.seats.filter((s) => s !== seat) },
      effects: [refund],
    };
  }

  const seats = state.seats.map((s) => (s === seat ? { ...s, state: 'paid' as const, paidAt: input.now } : s));
  const next: GroupState = { ...state, seats };
  if (paidCount(next) < state.size) return unchanged(next);
  return {
    state: { ...next, status: 'succeeded' },
    effects: [{ type: 'confirm_orders', orderIds: seats.map((s) => s.orderId) }],
  };
}

/**
 * Frees a held seat after its payment failed or its order was cancelled. A paid seat is
 * never released this way: a stray failure event must not lose a payment.
 */
export function releaseSeat(state: GroupState, input: { orderId: string }): GroupTransition {
  const seat = state.seats.find((s) => s.orderId === input.orderId);
  if (seat === undefined || seat.state !== 'held') return unchanged(state);
  return unchanged({ ...state, seats: state.seats.filter((s) => s !== seat) });
}

/**
 * A paid member's order was refunded while the group is open: the seat opens again and the member
 * is no longer counted (CRMEB#27 kept showing them). The deadline stays. A decided group keeps its
 * seats: its orders were confirmed or refunded together.
 */
export function leaveSeat(state: GroupState, input: { orderId: string }): GroupTransition {
  const seat = state.seats.find((s) => s.orderId === input.orderId);
  if (seat === undefined || state.status !== 'open') return unchanged(state);
  return unchanged({ ...state, seats: state.seats.filter((s) => s !== seat) });
}

/** Drops holds whose payment window has lapsed (now >= holdExpiresAt). */
export function expireHolds(state: GroupState, now: number): GroupTransition {
  assertFiniteTime(now, 'now');
  const lapsed = state.seats.filter((s) => s.state === 'held' && now >= s.holdExpiresAt);
  if (lapsed.length === 0) return unchanged(state);
  return {
    state: { ...state, seats: state.seats.filter((s) => !lapsed.includes(s)) },
    effects: lapsed.map((s) => ({ type: 'cancel_order', orderId: s.orderId })),
  };
}

/**
 * Decides the group at its deadline; a no-op before `expiresAt` or once decided, so the alarm
 * may fire any number of times.
 *
 * `autoFillPercent`: when at least that share of seats is paid (and at least one is), the
 * platform fills the rest and the group succeeds instead of failing. Held-but-unpaid seats are
 * cancelled either way: their buyers did not pay in time.
 */
export function expireGroup(
  state: GroupState,
  now: number,
  options: { autoFillPercent?: number | null } = {},
): GroupTransition {
  assertFiniteTime(now, 'now');
  const pct = options.autoFillPercent ?? null;
  if (pct !== null && (!Number.isFinite(pct) || pct < 0 || pct > 100)) {
    throw new RangeError('autoFillPercent must be within 0..100');
  }
  if (state.status !== 'open' || now < state.expiresAt) return unchanged(state);

  const paid = state.seats.filter((s) => s.state === 'paid');
  const cancels: GroupEffect[] = state.seats
    .filter((s) => s.state === 'held')
    .map((s) => ({ type: 'cancel_order', orderId: s.orderId }));
  const paidIds = paid.map((s) => s.orderId);

  // Integer-side comparison: paid/size*100 >= pct without dividing.
  const full = paid.length === state.size;
  const autoFill = pct !== null && paid.length > 0 && paid.length * 100 >= pct * state.size;
  if (full || autoFill) {
    return {
      state: { ...state, status: 'succeeded', seats: paid, autoFilled: state.size - paid.length },
      effects: [...cancels, { type: 'confirm_orders', orderIds: paidIds }],
    };
  }
  return {
    state: { ...state, status: 'failed', seats: paid },
    effects: [...paidIds.map((orderId) => ({ type: 'refund_order' as const, orderId })), ...cancels],
  };
}
