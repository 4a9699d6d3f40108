// Verbs behind the ops pages for groups, sellers and payouts. Every change records an audit
// entry (who, what, before, after); suspensions also end the seller's sessions.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';
import { findSellerById } from '../../storage/sellers/accounts-repo';
import type { Db } from '../../storage/db';
import { sellerBalances } from '../../storage/ledger/ledger-repo';
import { listAncestors, listSubtree, type NetworkNode } from '../../storage/sellers/network-repo';
import { listGroupRows, listRecentClawbacks, listSellerSummaries, setSellerSuspended } from '../../storage/ops/desk-repo';
import type { GroupRow } from '../../storage/schema';
import { recordAudit } from '../trust/audit';
import { createPayoutBatch, markPayoutPaid, payoutMinimum } from '../ledger/commissions';
import { groupStub } from '../groups/groups';
import { revokeAccountSessions } from '../identity/sessions';

export { type GroupListRow } from '../../storage/ops/desk-repo';
export { type SellerSummaryRow } from '../../storage/ops/desk-repo';

export const GROUP_FILTERS = ['open', 'succeeded', 'failed'] as const satisfies readonly GroupRow['status'][];

/**
 * Groups newest first. Postgres learns an open group's seats only when it is decided, so the
 * seats of open groups are read live from their GroupBuy objects (one RPC each, in parallel).
 */
export async function listGroupsForOps(env: AppEnv, db: Db, status: GroupRow['status'] | undefined) {
  const rows = await listGroupRows(db, { status, limit: 200 });
  return Promise.all(
    rows.map(async (g) => {
      if (g.status !== 'open') return g;
      const live = await groupStub(env, g.id)
        .snapshot()
        .catch(() => null);
      return live ? { ...g, members: live.members } : g;
    }),
  );
}

export const listSellersForOps = (db: Db) => listSellerSummaries(db, { limit: 500 });

export interface SellerTreeNode extends NetworkNode {
  children: SellerTreeNode[];
}

/** One seller's totals, the inviters above them and their invitation subtree as a nested tree. */
export async function getSellerNetworkOrThrow(db: Db, sellerId: string, limit = 500) {
  const seller = await findSellerById(db, sellerId);
  if (!seller) throw new ApiError('not_found', 'No such seller.');
  const [summary, upline, rows] = await Promise.all([
    listSellerSummaries(db, { limit: 1, sellerIds: [seller.id] }),
    listAncestors(db, seller.path),
    listSubtree(db, seller.path, limit + 1),
  ]);
  const kept = rows.slice(0, limit);
  const byId = new Map<string, SellerTreeNode>(kept.map((r) => [r.id, { ...r, children: [] }]));
  // Rows come shallowest first, so every inviter is in the map before their invitees.
  for (const n of byId.values()) if (n.id !== seller.id && n.inviterId) byId.get(n.inviterId)?.children.push(n);
  return { seller, summary: summary[0]!, upline, tree: byId.get(seller.id)!, size: kept.length, truncated: rows.length > limit };
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

export const createPayoutBatchAudited = (env: AppEnv, db: Db, actor: string) => createPayoutBatch(db, { minimum: payoutMinimum(env), actor });

export const markPayoutPaidAudited = (db: Db, actor: string, id: string) => markPayoutPaid(db, id, new Date(), actor);

/** Clawbacks not yet absorbed show as a negative available balance; that is what carries forward. */
export async function listClawbacksCarried(db: Db, limit = 50) {
  const rows = await listRecentClawbacks(db, limit);
  const ids = [...new Set(rows.map((r) => r.sellerId))];
  const available = new Map(await Promise.all(ids.map(async (id) => [id, (await sellerBalances(db, id)).available] as const)));
  return rows.map((r) => ({ ...r, available: available.get(r.sellerId) ?? 0 }));
}
