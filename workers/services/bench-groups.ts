// Bench-only verbs over storage/bench-repo.ts (bench P3's Postgres baseline).
import { ApiError } from '../../shared/errors';
import { randomToken } from '../../shared/ids';
import { ensureBenchGroupTables, findBenchGroup, insertBenchGroup, joinBenchGroupSeat } from '../storage/bench-repo';
import type { Db } from '../storage/db';

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
