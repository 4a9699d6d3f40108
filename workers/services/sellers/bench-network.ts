// Bench only (P9): a network of `size` sellers under one root, shaped like a busy seller's: a
// dozen direct invitees, about ten each below them, and chains of the rest further down, so the
// graph draws two full levels and collapses the rest into counts.
import { ApiError } from '../../../shared/errors';
import { randomToken } from '../../../shared/ids';
import { findSellerById } from '../../storage/sellers/accounts-repo';
import { getInviteGraph } from './invite-graph';
import type { Db } from '../../storage/db';
import { insertBenchNetwork, type BenchSeller } from '../../storage/sellers/bench-network-repo';

export async function createBenchNetwork(db: Db, size: number): Promise<{ rootId: string; size: number }> {
  const tag = randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  const rows: BenchSeller[] = [];
  const add = (parent: BenchSeller | null) => {
    const id = `s_bn${tag}${rows.length.toString(36)}`;
    const row = { id, handle: `bn_${tag}_${rows.length.toString(36)}`, inviterId: parent?.id ?? null, path: `${parent ? parent.path : '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 };
    rows.push(row);
    return row;
  };
  const root = add(null);
  const l1 = Array.from({ length: Math.min(12, size - 1) }, () => add(root));
  const l2: BenchSeller[] = [];
  for (let k = 0; k < 120 && rows.length < size; k++) l2.push(add(l1[k % l1.length]!));
  while (rows.length < size) add(rows.length % 4 === 0 || l2.length === 0 ? rows.at(-1)! : l2[rows.length % l2.length]!);
  await insertBenchNetwork(db, rows);
  return { rootId: root.id, size: rows.length };
}

export async function getBenchGraph(db: Db, rootId: string) {
  const root = await findSellerById(db, rootId);
  if (!root) throw new ApiError('not_found', 'No such seller.');
  return getInviteGraph(db, root);
}
