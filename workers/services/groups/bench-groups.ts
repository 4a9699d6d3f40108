// Bench-only verbs for P3: the Postgres baseline over storage/groups/bench-repo.ts, and the same seat
// decision on a GroupBuy object.
import { ApiError } from '../../../shared/errors';
import { newId, randomToken } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import { groupStub, joinGroupForOrder, seatOrThrow } from './groups';
import { ensureBenchGroupTables, findBenchGroup, insertBenchGroup, joinBenchGroupSeat } from '../../storage/groups/bench-repo';
import type { Db } from '../../storage/db';

export async function createBenchGroup(db: Db, size: number) {
  await ensureBenchGroupTables(db);
  const id = `bg_${randomToken(14)}`;
  await insertBenchGroup(db, id, size);
  return { id, size };
}

export async function getBenchGroup(db: Db, id: string) {
  const g = await findBenchGroup(db, id);
  if (!g) throw new ApiError('not_found', 'No such bench group.');
  return { id, ...g };
}

export async function joinBenchGroup(db: Db, id: string, buyer: string) {
  const outcome = await joinBenchGroupSeat(db, id, buyer);
  if (outcome === 'not_found') throw new ApiError('not_found', 'No such bench group.');
  if (outcome === 'group_full') throw new ApiError('group_full', 'The group is full.');
  if (outcome === 'already_member') throw new ApiError('already_member', 'Already in this group.');
  return { groupId: id, buyer };
}

// The GroupBuy side of P3: the same object and seat rules as a real group, driven directly so
// that both sides of the comparison do only the seat decision (no order, stock or payment).
const BENCH_PRODUCT = 'p_benchseats0001';
const HOLD_MS = 15 * 60_000;

export async function createBenchObjectGroup(env: AppEnv, size: number) {
  const id = `g_bench${randomToken(14)}`;
  const now = Date.now();
  seatOrThrow(
    await groupStub(env, id).open({
      id,
      productId: BENCH_PRODUCT,
      size,
      expiresAt: now + 3_600_000,
      priceAmount: 100,
      autoFillPercent: null,
      leader: { orderId: newId('o'), buyerEmail: 'leader@bench.test', buyerName: 'Leader', holdExpiresAt: now + HOLD_MS },
    }),
  );
  return { id, size };
}

export async function joinBenchObjectGroup(env: AppEnv, id: string, buyer: string) {
  await joinGroupForOrder(env, id, BENCH_PRODUCT, { orderId: newId('o'), buyerEmail: `${buyer}@bench.test`, buyerName: buyer, holdExpiresAt: Date.now() + HOLD_MS });
  return { groupId: id, buyer };
}
