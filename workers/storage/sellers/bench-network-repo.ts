// Bench only (P9): a network of sellers written in a few multi-row inserts.
import type { Db } from '../db';
import { accounts, sellers } from '../schema';

export interface BenchSeller {
  id: string;
  handle: string;
  inviterId: string | null;
  path: string;
  depth: number;
}

export async function insertBenchNetwork(db: Db, rows: BenchSeller[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.insert(accounts).values(chunk.map((n) => ({ id: `a_${n.id}`, email: `${n.handle}@bench.test`, passwordHash: 'x', role: 'seller' as const })));
    await db
      .insert(sellers)
      .values(chunk.map((n) => ({ id: n.id, accountId: `a_${n.id}`, handle: n.handle, displayName: n.handle, inviteCode: `i${n.id}`, inviterId: n.inviterId, path: n.path, depth: n.depth })));
  }
}
