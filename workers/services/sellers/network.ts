import type { Network } from '../../../shared/schemas';
import type { Db } from '../../storage/db';
import { listAncestors, listSubtree, type NetworkNode } from '../../storage/sellers/network-repo';
import type { SellerRow } from '../../storage/schema';

/**
 * The seller's own invitation subtree, the seller as root at depth 0. Nodes come shallowest
 * first, so a truncated answer is still a connected tree.
 */
export async function getMyNetwork(db: Db, me: SellerRow, limit: number): Promise<Network> {
  const rows = await listSubtree(db, me.path, limit + 1);
  const truncated = rows.length > limit;
  const kept = rows.slice(0, limit);
  const ids = new Set(kept.map((r) => r.id));
  return {
    nodes: kept.map((r) => ({ id: r.id, handle: r.handle, depth: r.depth - me.depth })),
    edges: kept.filter((r) => r.id !== me.id && r.inviterId && ids.has(r.inviterId)).map((r) => ({ from: r.inviterId!, to: r.id })),
    truncated,
  };
}

/** The inviters above a seller, nearest first (level 1, level 2, ...): what commission walks. */
export async function getUpline(db: Db, seller: Pick<SellerRow, 'path'>, levels: number): Promise<NetworkNode[]> {
  return listAncestors(db, seller.path, levels);
}
