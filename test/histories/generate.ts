// The history generator: a seed gives the products, the operations, how they are grouped into
// concurrent waves, and the faults. Pure, so a seed always gives the same schedule.
import { prng } from '../storage-helpers';
import { addBindingOps, type BindingOp } from './plays/binding-ops';
import { addLimitOps, type LimitOp } from './plays/limit-ops';
import { addFlashOps, type FlashOp } from './plays/flash-sale-ops';
import { addBargainOps, type BargainOp } from './plays/bargains';
import { addCouponOps, type CouponOp } from './plays/coupon-ops';

export type Op =
  | { t: 'single'; qty: number; ref: boolean }
  | { t: 'open'; ref: boolean }
  | { t: 'join'; g: number; ref: boolean }
  | { t: 'pay'; i: number }
  | { t: 'fail'; i: number }
  /** The provider sends an event it already sent (same id). */
  | { t: 'dup'; e: number }
  /**
   * The client retries an order creation: the same key, with the same body or (mismatch) another:
   * another address line, product, group or quantity.
   */
  | { t: 'replay'; k: number; mismatch: false | Mismatch }
  | { t: 'refund'; i: number }
  | { t: 'ship'; i: number }
  | { t: 'deliver'; i: number }
  /** Reservation windows end: every clock of the history moves past them and the alarms run. */
  | { t: 'expire' }
  /** Group deadlines pass (an hour goes by) and the alarms run. */
  | { t: 'deadline' }
  /** A group's deadline passes while the payment of one of its orders is in flight. */
  | { t: 'payAtDeadline'; i: number }
  /** The payment event arrives 3 days late: every clock of the order's objects has moved on first. */
  | { t: 'late'; i: number }
  /** Commission is released and each of the history's sellers withdraws all (or half) of what is available. */
  | { t: 'withdraw'; half: boolean }
  /** An ops step on one of the history's withdrawals (allowed or not). */
  | { t: 'wstep'; i: number; action: 'approve' | 'reject' | 'mark-paid' | 'fail' }
  /** A plain order of one variant of the history's product with options. */
  | { t: 'vsingle'; v: 0 | 1; qty: number }
  /** The payment of one of the variant orders. */
  | { t: 'vpay'; i: number }
  /** The buyer of an order asks for a refund (before shipping) or a return (after delivery): one unit, or all that is left. */
  | { t: 'asAsk'; i: number; kind: 'refund' | 'return'; all: boolean }
  /** Ops (approve, reject, receive) or the buyer (send the return back) take an after-sale's next step. */
  | { t: 'asStep'; j: number; step: 'approve' | 'reject' | 'send' | 'receive' }
  // ---- faults ----
  | { t: 'pgDown'; ms: number }
  | { t: 'pgDrop' }
  /** The runtime restarts an object: in-memory state is lost, storage kept. */
  | { t: 'restart'; which: 'stock' | 'group'; n: number }
  /** A group's next effects fail `n` times (its alarm retries them). */
  | { t: 'alarmFaults'; g: number; n: number }
  | BindingOp
  | LimitOp
  | FlashOp
  | BargainOp
  | CouponOp;

export type Mismatch = 'address' | 'product' | 'group' | 'quantity';
const MISMATCHES: Mismatch[] = ['address', 'product', 'group', 'quantity'];
const WSTEPS = ['approve', 'approve', 'reject', 'mark-paid', 'fail'] as const;

export interface History {
  seed: string;
  faults: boolean;
  /** Whether an honest 503 may answer: Postgres faults, or an object restarting under a call. */
  allow503: boolean;
  stock: [number, number];
  /** The stock of each of the two variants of the history's product with options. */
  vstock: [number, number];
  groupSize: number;
  waves: Op[][];
  /** Whether a short history is also run to the end of time (every window and deadline passed) and checked again. */
  settleToEnd: boolean;
  /** Client retries of creations that failed with 503, after recovery. */
  retryFailedCreates: boolean;
}

/** `short:<n>` histories are the cheap ones `npm test` runs; a bare number is a long one, with faults. */
export function parseSeed(seed: string): { n: number; faults: boolean } {
  const m = /^(short:)?(\d+)$/.exec(seed.trim());
  if (!m) throw new Error(`SEED must be a number or short:<number>, got ${JSON.stringify(seed)}`);
  return { n: Number(m[2]), faults: !m[1] };
}

export function generateHistory(seed: string): History {
  const { n, faults } = parseSeed(seed);
  const rnd = prng(n);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly [number, () => T][]): T => {
    const total = xs.reduce((s, [w]) => s + w, 0);
    let r = rnd() * total;
    for (const [w, f] of xs) if ((r -= w) < 0) return f();
    return xs[xs.length - 1]![1]();
  };
  const nat = () => int(0, 1000);
  // Choices added after seeds were recorded draw from a stream of their own, so an old seed keeps its schedule.
  const extra = prng(n ^ 0x5bd1e995);
  const mismatch = (): Mismatch => MISMATCHES[Math.floor(extra() * MISMATCHES.length)]!;
  // Withdrawals came later still: a third stream.
  const wextra = prng(n ^ 0x2545f491);
  const ops: [number, () => Op][] = [
    [5, () => ({ t: 'single', qty: int(1, 2), ref: rnd() < 0.6 })],
    [3, () => ({ t: 'open', ref: rnd() < 0.5 })],
    [4, () => ({ t: 'join', g: nat(), ref: rnd() < 0.5 })],
    [6, () => ({ t: 'pay', i: nat() })],
    [1, () => ({ t: 'fail', i: nat() })],
    [2, () => ({ t: 'dup', e: nat() })],
    [2, () => ({ t: 'replay', k: nat(), mismatch: rnd() < 0.3 ? mismatch() : false })],
    [1, () => ({ t: 'refund', i: nat() })],
    [2, () => ({ t: 'ship', i: nat() })],
    [2, () => ({ t: 'deliver', i: nat() })],
    [1, () => ({ t: 'expire' })],
    [1, () => ({ t: 'deadline' })],
    [1, () => ({ t: 'payAtDeadline', i: nat() })],
    [1, () => ({ t: 'withdraw', half: wextra() < 0.5 })],
  ];
  // Faults that stay inside the history's own objects are cheap: short histories get them too, rarely.
  const w = faults ? 1 : 0.25;
  ops.push(
    [w, () => ({ t: 'late', i: nat() })],
    [w, () => ({ t: 'restart', which: rnd() < 0.5 ? 'stock' : 'group', n: nat() })],
    [w, () => ({ t: 'alarmFaults', g: nat(), n: int(1, 4) })],
  );
  // Postgres faults reach every history running at the time: long mode only.
  if (faults) ops.push([1, () => ({ t: 'pgDown', ms: int(10, 120) })], [1, () => ({ t: 'pgDrop' })]);
  const waves: Op[][] = [];
  const nWaves = faults ? int(3, 6) : int(2, 3);
  for (let w = 0; w < nWaves; w++) {
    // The first wave creates orders, so later ones have something to act on.
    const size = int(2, faults ? 6 : 3);
    waves.push(Array.from({ length: size }, () => (w === 0 && rnd() < 0.7 ? (rnd() < 0.6 ? ops[0]![1]() : ops[1]![1]()) : pick(ops))));
  }
  const allow503 = faults || waves.flat().some((op) => op.t === 'restart');
  const stock: [number, number] = [int(2, 5), int(2, 6)];
  const groupSize = int(2, 3);
  // Variant orders come from their own stream and join the waves at their ends, so the ops an
  // old seed recorded keep their order and their draws.
  const xint = (lo: number, hi: number) => lo + Math.floor(extra() * (hi - lo + 1));
  for (const wave of waves) {
    const n = xint(0, 2);
    for (let i = 0; i < n; i++) wave.push(extra() < 0.6 ? { t: 'vsingle', v: extra() < 0.5 ? 0 : 1, qty: xint(1, 2) } : { t: 'vpay', i: xint(0, 1000) });
  }
  addBindingOps(n, waves);
  for (const wave of waves.slice(1)) {
    const n = Math.floor(wextra() * 3);
    for (let i = 0; i < n; i++) wave.push({ t: 'wstep', i: Math.floor(wextra() * 1000), action: WSTEPS[Math.floor(wextra() * WSTEPS.length)]! });
  }
  const vstock: [number, number] = [xint(1, 3), xint(2, 4)];
  // After-sales come from a stream of their own too, at the waves' ends after the first.
  const as = prng(n ^ 0x6c8e9cf5);
  const aint = (lo: number, hi: number) => lo + Math.floor(as() * (hi - lo + 1));
  const STEPS = ['approve', 'reject', 'send', 'receive'] as const;
  for (const wave of waves.slice(1)) {
    const k = aint(0, 3);
    for (let i = 0; i < k; i++) {
      wave.push(
        as() < 0.5
          ? { t: 'asAsk', i: aint(0, 1000), kind: as() < 0.5 ? 'refund' : 'return', all: as() < 0.4 }
          : { t: 'asStep', j: aint(0, 1000), step: STEPS[Math.floor(as() * STEPS.length)]! },
      );
    }
  }
  addLimitOps(n, waves);
  addFlashOps(n, waves);
  addBargainOps(n, waves);
  addCouponOps(n, waves);
  return { seed, faults, allow503, stock, vstock, groupSize, waves, retryFailedCreates: rnd() < 0.5, settleToEnd: faults || n % 2 === 0 };
}
