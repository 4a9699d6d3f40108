// Verbs behind the ops payouts page: a batch of the approved withdrawals and marking it paid
// (both audited by the program verbs they call), and the clawbacks each seller still owes.
import type { Db } from '../../storage/db';
import { sellerBalances } from '../../storage/ledger/ledger-repo';
import { listRecentClawbacks } from '../../storage/ops/clawbacks-repo';
import { createPayoutBatch, markPayoutPaid } from '../program/payout-batches';

export const createPayoutBatchAudited = (db: Db, actor: string) => createPayoutBatch(db, actor);

export const markPayoutPaidAudited = (db: Db, actor: string, id: string) => markPayoutPaid(db, id, new Date(), actor);

/** Clawbacks not yet absorbed show as a negative available balance; later commission pays them off before a withdrawal. */
export async function listClawbacksCarried(db: Db, limit = 50) {
  const rows = await listRecentClawbacks(db, limit);
  const ids = [...new Set(rows.map((r) => r.sellerId))];
  const available = new Map(await Promise.all(ids.map(async (id) => [id, (await sellerBalances(db, id)).available] as const)));
  return rows.map((r) => ({ ...r, available: available.get(r.sellerId) ?? 0 }));
}
