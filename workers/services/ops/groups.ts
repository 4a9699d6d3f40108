// Verbs behind the ops groups page: every group, with the seats of open ones read live.
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { listGroupRows } from '../../storage/ops/groups-repo';
import type { GroupRow } from '../../storage/schema';
import { groupStub } from '../groups/groups';

export { type GroupListRow } from '../../storage/ops/groups-repo';

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
