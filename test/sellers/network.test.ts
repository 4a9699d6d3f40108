import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { issueSession } from '../../workers/services/identity/sessions';
import { getUpline } from '../../workers/services/sellers/network';
import { openDb, type Db } from '../../workers/storage/db';
import { countSubtree, explainNetworkQueries, listAncestors, listSubtree } from '../../workers/storage/sellers/network-repo';
import { callJson, signupSeller, uniq } from '../helpers';
import { generateTree, insertTree, type TreeNode } from '../storage-helpers';

describe('GET /api/me/network', () => {
  it('returns the caller\'s own subtree with relative depths and inviter→invitee edges', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const c = await signupSeller({ inviteCode: b.inviteCode });
    const d = await signupSeller({ inviteCode: a.inviteCode });
    const other = await signupSeller();

    const netA = (await callJson('/api/me/network', { token: a.token })).body;
    const byId = (net: { nodes: { id: string; handle: string; depth: number }[] }) => Object.fromEntries(net.nodes.map((n) => [n.id, n]));
    expect(byId(netA)).toEqual({
      [a.id]: { id: a.id, handle: a.handle, depth: 0 },
      [b.id]: { id: b.id, handle: b.handle, depth: 1 },
      [c.id]: { id: c.id, handle: c.handle, depth: 2 },
      [d.id]: { id: d.id, handle: d.handle, depth: 1 },
    });
    expect(new Set(netA.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`))).toEqual(new Set([`${a.id}>${b.id}`, `${b.id}>${c.id}`, `${a.id}>${d.id}`]));
    expect(netA.truncated).toBe(false);

    // B sees only B's branch: not the inviter above, not the sibling.
    const netB = (await callJson('/api/me/network', { token: b.token })).body;
    expect(netB.nodes).toEqual([
      { id: b.id, handle: b.handle, depth: 0 },
      { id: c.id, handle: c.handle, depth: 1 },
    ]);
    expect(netB.edges).toEqual([{ from: b.id, to: c.id }]);

    const netOther = (await callJson('/api/me/network', { token: other.token })).body;
    expect(netOther).toEqual({ nodes: [{ id: other.id, handle: other.handle, depth: 0 }], edges: [], truncated: false });

    const limited = (await callJson('/api/me/network?limit=2', { token: a.token })).body;
    expect(limited.nodes.map((n: { depth: number }) => n.depth)).toEqual([0, 1]);
    expect(limited.truncated).toBe(true);
    expect(limited.edges).toHaveLength(1);

    expect((await callJson('/api/me/network')).status).toBe(401);
    expect((await callJson('/api/me/network?limit=0', { token: a.token })).status).toBe(400);
  });

  it('rejects an unknown invite code', async () => {
    const r = await callJson('/api/auth/signup', { body: { email: `${uniq('x')}@example.test`, password: 'correct-horse-battery', handle: uniq('h_').toLowerCase(), displayName: 'X', inviteCode: 'NoSuchCode1' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_input']);
  });
});

describe('invitation graph at 10,000 sellers', () => {
  const N = 10_000;
  const tag = uniq().toLowerCase().replace(/[^a-z0-9]/g, '').slice(-8);
  let nodes: TreeNode[];
  let conn: ReturnType<typeof openDb>;
  let db: Db;
  const children = new Map<number, number[]>();

  const subtreeOf = (i: number): Set<string> => {
    const out = new Set<string>();
    const stack = [i];
    while (stack.length) {
      const k = stack.pop()!;
      out.add(nodes[k]!.id);
      stack.push(...(children.get(k) ?? []));
    }
    return out;
  };
  const chainAbove = (i: number): string[] => {
    const out: string[] = [];
    for (let p = nodes[i]!.parent; p !== null; p = nodes[p]!.parent) out.push(nodes[p]!.id);
    return out;
  };

  beforeAll(async () => {
    conn = openDb(env as unknown as AppEnv);
    db = conn.db;
    nodes = generateTree(tag, N, 20_260_101);
    nodes.forEach((n, i) => n.parent !== null && children.set(n.parent, [...(children.get(n.parent) ?? []), i]));
    const t0 = Date.now();
    await insertTree(db, tag, nodes);
    // A decoy whose id differs from the root's only where the root has "_": an unescaped
    // LIKE would count it (and its child) as part of the root's subtree.
    const decoy = generateTree(tag, 2, 1, 'sZ').map((n, k) => ({ ...n, handle: `d${tag}_${k}` }));
    await insertTree(db, `${tag}d`, decoy);
    await db.execute(sql`analyze sellers`);
    console.log(`inserted ${N} sellers in ${Date.now() - t0} ms; max depth ${Math.max(...nodes.map((n) => n.depth))}`);
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
  });

  it('answers "everyone below X" exactly, for the root, inner nodes and leaves', async () => {
    const samples = [0, 1, 7, 123, 2_500, 5_000, 9_998, 9_999];
    for (const i of samples) {
      const expected = subtreeOf(i);
      const t0 = performance.now();
      const got = await listSubtree(db, nodes[i]!.path, N + 10);
      const ms = performance.now() - t0;
      expect(new Set(got.map((r) => r.id)), `subtree of #${i}`).toEqual(expected);
      expect(await countSubtree(db, nodes[i]!.path)).toBe(expected.size);
      // Shallowest first, and depths are absolute in storage.
      expect(got[0]!.id).toBe(nodes[i]!.id);
      expect(got.every((r, k) => k === 0 || r.depth >= got[k - 1]!.depth)).toBe(true);
      expect(ms).toBeLessThan(2_000);
    }
  });

  it('answers "the chain above X" exactly, nearest inviter first', async () => {
    for (const i of [0, 1, 42, 4_321, 9_999]) {
      const got = await listAncestors(db, nodes[i]!.path);
      expect(got.map((r) => r.id), `chain above #${i}`).toEqual(chainAbove(i));
      expect((await getUpline(db, nodes[i]!, 2)).map((r) => r.id)).toEqual(chainAbove(i).slice(0, 2));
    }
  });

  it('uses the path index for the subtree and the primary key for the chain', async () => {
    // A typical seller: a handful of people below them. (For the root's 10,000 the planner
    // rightly prefers a sequential scan.)
    const deepish = nodes.find((n, i) => n.depth >= 4 && subtreeOf(i).size >= 3 && subtreeOf(i).size <= 200)!;
    const plans = await explainNetworkQueries(db, deepish.path);
    console.log(`subtree plan:\n${plans.subtree}\nancestors plan:\n${plans.ancestors}`);
    expect(plans.subtree).toMatch(/sellers_path_idx/);
    expect(plans.subtree).not.toMatch(/Seq Scan/);
    expect(plans.ancestors).toMatch(/sellers_pkey/);
  });

  it('serves GET /api/me/network for a seller deep in the generated tree', async () => {
    const i = 3_000;
    const token = await issueSession(env as unknown as AppEnv, { sub: `a_${nodes[i]!.id}`, role: 'seller', sid: nodes[i]!.id });
    const r = await callJson('/api/me/network?limit=10000', { token });
    expect(r.status).toBe(200);
    const expected = subtreeOf(i);
    expect(new Set(r.body.nodes.map((n: { id: string }) => n.id))).toEqual(expected);
    expect(r.body.edges).toHaveLength(expected.size - 1);
    expect(r.body.nodes[0]).toEqual({ id: nodes[i]!.id, handle: nodes[i]!.handle, depth: 0 });
    for (const e of r.body.edges as { from: string; to: string }[]) {
      const to = nodes.find((n) => n.id === e.to)!;
      expect(nodes[to.parent!]!.id).toBe(e.from);
    }
  });
});
