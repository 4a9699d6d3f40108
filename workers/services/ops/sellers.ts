// Verbs behind the ops seller pages: every seller's totals, one seller's network, and suspension,
// which records an audit entry (who, what, before, after) and ends the seller's sessions.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';
import { findSellerById } from '../../storage/sellers/accounts-repo';
import type { Db } from '../../storage/db';
import { listAncestors, listSubtree, type NetworkNode } from '../../storage/sellers/network-repo';
import { listSellerSummaries, setSellerSuspended } from '../../storage/ops/sellers-repo';
import { recordAudit } from '../trust/audit';
import { getInviteGraph } from '../sellers/invite-graph';
import { revokeAccountSessions } from '../identity/sessions';

export { type SellerSummaryRow } from '../../storage/ops/sellers-repo';

export const listSellersForOps = (db: Db, approval?: 'pending') => listSellerSummaries(db, { limit: 500, approval });

export interface SellerTreeNode extends NetworkNode {
  children: SellerTreeNode[];
}

/** One seller's totals, the inviters above them and their invitation subtree as a nested tree. */
export async function getSellerNetworkOrThrow(db: Db, sellerId: string, limit = 500) {
  const seller = await findSellerById(db, sellerId);
  if (!seller) throw new ApiError('not_found', 'No such seller.');
  const [summary, upline, rows, graph] = await Promise.all([
    listSellerSummaries(db, { limit: 1, sellerIds: [seller.id] }),
    listAncestors(db, seller.path),
    listSubtree(db, seller.path, limit + 1),
    getInviteGraph(db, seller),
  ]);
  const kept = rows.slice(0, limit);
  const byId = new Map<string, SellerTreeNode>(kept.map((r) => [r.id, { ...r, children: [] }]));
  // Rows come shallowest first, so every inviter is in the map before their invitees.
  for (const n of byId.values()) if (n.id !== seller.id && n.inviterId) byId.get(n.inviterId)?.children.push(n);
  return { seller, summary: summary[0]!, upline, tree: byId.get(seller.id)!, size: kept.length, truncated: rows.length > limit, graph };
}

/**
 * Suspends (or reinstates) a seller. While suspended their links still take buyers to the
 * product, but no new commission is written for them (accrueCommission checks it). Their
 * sessions end now; a repeat changes nothing and records nothing.
 */
export async function setSellerSuspension(env: AppEnv, db: Db, actor: string, sellerId: string, suspend: boolean) {
  const at = suspend ? new Date() : null;
  if (suspend) {
    // Sessions end before the suspension commits: if this fails, nothing is suspended and ops'
    // retry (not a no-op then) ends them. Ending them for a seller already suspended, or one
    // that does not exist, ends nothing that a suspension would not.
    const seller = await findSellerById(db, sellerId);
    if (seller && !seller.suspendedAt) await revokeAccountSessions(env, seller.accountId);
  }
  const changed = await db.transaction(async (tx) => {
    const row = await setSellerSuspended(tx, sellerId, at);
    if (row) {
      await recordAudit(tx, {
        actor,
        action: suspend ? 'seller.suspend' : 'seller.unsuspend',
        target: `seller:${sellerId}`,
        before: { suspended: !suspend },
        after: { suspended: suspend, ...(at ? { suspendedAt: at.toISOString() } : {}) },
      });
    }
    return row;
  });
  if (!changed) {
    if (!(await findSellerById(db, sellerId))) throw new ApiError('not_found', 'No such seller.');
    return false;
  }
  // Again after the commit, for a sign-in that landed in between; the one before already ended
  // every earlier session, so a failure here is only logged.
  if (suspend) {
    await revokeAccountSessions(env, changed.accountId).catch((e) =>
      console.warn(JSON.stringify({ level: 'warn', msg: 'second session revocation after suspension failed', sellerId, error: String(e) })),
    );
  }
  return true;
}
