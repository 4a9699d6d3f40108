// The invitation graph as drawn on /me and /ops/sellers/:id, for networks of 1,000 sellers:
// bounded node count, the seller and two levels always drawn, deeper sellers counted exactly.
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { issueSession } from '../../workers/services/identity/sessions';
import { GRAPH_MAX_DRAWN } from '../../workers/services/sellers/invite-graph';
import { openDb, type Db } from '../../workers/storage/db';
import { call, uniq } from '../helpers';
import { opsGet } from '../ops-desk-helpers';
import { generateTree, insertTree, type TreeNode } from '../storage-helpers';

const appEnv = env as unknown as AppEnv;

/** A tree whose root invited `fan` sellers, each of whom invited `fan2`, then chains below those. */
function wideTree(tag: string, n: number, fan: number, fan2: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  const add = (parent: number | null) => {
    const i = nodes.length;
    const id = `s_${tag}w${i.toString(36).padStart(4, '0')}`;
    const p = parent === null ? null : nodes[parent]!;
    nodes.push({ id, handle: `w${tag}_${i.toString(36)}`, parent, path: `${p ? p.path : '/'}${id}/`, depth: p ? p.depth + 1 : 0 });
  };
  add(null);
  for (let k = 0; k < fan && nodes.length < n; k++) add(0);
  for (let k = 0; k < fan * fan2 && nodes.length < n; k++) add(1 + (k % fan));
  // Everyone else hangs below a level-2 seller (or below the one before them): collapsed counts.
  while (nodes.length < n) add(nodes.length % 3 === 0 ? 1 + fan + (nodes.length % (fan * fan2)) : nodes.length - 1);
  return nodes;
}

function drawnOf(html: string) {
  const graph = html.slice(html.indexOf('class="invite-graph"'));
  const svg = graph.slice(0, graph.indexOf('</svg>'));
  const ids = [...svg.matchAll(/data-gnode="([^"]+)" data-depth="(\d)"/g)].map((m) => ({ id: m[1]!, depth: Number(m[2]) }));
  const hidden = [...svg.matchAll(/data-hidden="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0);
  const below = Number(/data-graph-below="(\d+)"/.exec(graph)?.[1]);
  return { ids, hidden, below, svgCount: (svg.match(/<svg /g) ?? []).length, role: /<svg [^>]*role="img" aria-labelledby="[^"]+"/.test(svg) };
}

describe('the invitation graph at 1,000 sellers', () => {
  const tag = uniq().toLowerCase().replace(/[^a-z0-9]/g, '').slice(-8);
  let conn: ReturnType<typeof openDb>;
  let db: Db;
  const trees: Record<string, TreeNode[]> = {};

  beforeAll(async () => {
    conn = openDb(appEnv);
    db = conn.db;
    trees.random = generateTree(`${tag}r`, 1000, 20_261_206);
    trees.wide = wideTree(`${tag}`, 1000, 12, 15);
    trees.fan = wideTree(`${tag}f`, 700, 699, 0);
    for (const [k, t] of Object.entries(trees)) await insertTree(db, `${tag}${k}`, t);
    // Some earnings on a level-1 seller of the wide tree, to see on hover.
    await db.execute(sql`insert into commission_entries (seller_id, kind, order_id, level, amount) values (${trees.wide![1]!.id}, 'accrue', ${`o_g${tag}`}, 1, 12345)`);
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
  });

  for (const name of ['random', 'wide']) {
    it(`draws the seller and two levels, and counts the rest exactly (${name} tree)`, async () => {
      const nodes = trees[name]!;
      const expected = nodes.filter((n) => n.depth <= 2);
      const r = await opsGet(`/ops/sellers/${nodes[0]!.id}`);
      expect(r.status).toBe(200);
      const g = drawnOf(await r.text());
      expect(g.svgCount).toBe(1);
      expect(g.role).toBe(true);
      expect(new Set(g.ids.map((n) => n.id))).toEqual(new Set(expected.map((n) => n.id)));
      expect(g.ids.length).toBeLessThanOrEqual(GRAPH_MAX_DRAWN);
      expect(g.ids.filter((n) => n.depth === 0).map((n) => n.id)).toEqual([nodes[0]!.id]);
      // Every seller below the root is either drawn or in exactly one "+N".
      expect(g.below).toBe(nodes.length - 1);
      expect(g.hidden + g.ids.length - 1).toBe(nodes.length - 1);
    });
  }

  it('shows the hover numbers and the tap list on /me, for the seller themself', async () => {
    const root = trees.wide![0]!;
    const token = await issueSession(appEnv, { sub: `a_${root.id}`, role: 'seller', sid: root.id });
    const r = await call('/me', { headers: { cookie: `pinlink_session=${token}`, 'accept-language': 'en' } });
    expect(r.status).toBe(200);
    const html = await r.text();
    const g = drawnOf(html);
    expect(g.ids).toHaveLength(1 + 12 + 12 * 15);
    const l1 = trees.wide![1]!;
    // Level-1 seller 1 has 15 invitees drawn and a share of the deeper ones counted below them.
    const under = trees.wide!.filter((n) => n.path.startsWith(l1.path) && n.id !== l1.id).length;
    expect(html).toContain(`<title>@${l1.handle} · ${under} below · earned CN¥123.45</title>`);
    expect(html).toMatch(/<details[^>]*><summary>Numbers for each seller<\/summary>/);
  });

  it('bounds the picture when one seller invited hundreds directly', async () => {
    const fan = trees.fan!;
    const g = drawnOf(await (await opsGet(`/ops/sellers/${fan[0]!.id}`)).text());
    expect(g.ids).toHaveLength(GRAPH_MAX_DRAWN);
    expect(g.hidden).toBe(fan.length - GRAPH_MAX_DRAWN);
    expect(g.below).toBe(fan.length - 1);
  });

  it('draws nothing but an empty state for a seller with no invitees', async () => {
    const leaf = trees.random!.at(-1)!;
    const r = await opsGet(`/ops/sellers/${leaf.id}`, { 'accept-language': 'en' });
    const html = await r.text();
    expect(html).not.toContain('class="invite-graph"');
    expect(html).toContain('No invitees yet');
  });
});
