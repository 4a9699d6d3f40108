// Bulk fixtures written straight through SQL, for tests that need more rows than signup can make quickly.
import { accounts, sellers } from '../workers/storage/schema';
import type { Db } from '../workers/storage/db';

export interface TreeNode {
  id: string;
  handle: string;
  parent: number | null;
  path: string;
  depth: number;
}

/** Small deterministic PRNG (mulberry32) so a failing tree can be reproduced from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random invitation tree of n sellers under one root. Inviters are drawn with a skew towards
 * recent sellers, which gives wide fans near the root and chains a few dozen deep. Nothing is written yet.
 */
export function generateTree(tag: string, n: number, seed: number, idPrefix = 's_'): TreeNode[] {
  const rnd = prng(seed);
  const nodes: TreeNode[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${idPrefix}${tag}x${i.toString(36).padStart(4, '0')}`;
    const parent = i === 0 ? null : Math.min(i - 1, Math.floor(i * Math.sqrt(rnd())));
    const p = parent === null ? null : nodes[parent]!;
    nodes.push({ id, handle: `t${tag}_${i.toString(36)}`, parent, path: `${p ? p.path : '/'}${id}/`, depth: p ? p.depth + 1 : 0 });
  }
  return nodes;
}

export async function insertTree(db: Db, tag: string, nodes: TreeNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += 1000) {
    const chunk = nodes.slice(i, i + 1000);
    await db.insert(accounts).values(chunk.map((n) => ({ id: `a_${n.id}`, email: `${n.handle}@tree.test`, passwordHash: 'x', role: 'seller' as const })));
    await db.insert(sellers).values(
      chunk.map((n) => ({
        id: n.id,
        accountId: `a_${n.id}`,
        handle: n.handle,
        displayName: n.handle,
        inviteCode: `${tag}${n.id}`,
        inviterId: n.parent === null ? null : nodes[n.parent]!.id,
        path: n.path,
        depth: n.depth,
      })),
    );
  }
}
