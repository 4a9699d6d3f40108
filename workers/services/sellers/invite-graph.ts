// The invitation graph's data (API.md v3): the seller, the two levels below them, and counts for
// everything deeper, as the tree shared/program/invite-graph.ts lays out.
import type { GraphSeller } from '../../../shared/program/invite-graph';
import type { Db } from '../../storage/db';
import { countGraphTop, listGraphTop } from '../../storage/sellers/invite-graph-repo';

/**
 * At most this many sellers are drawn. The first two levels always are, up to this bound; past
 * it (a seller who invited a thousand people directly) the rest count as "+N" on the root.
 */
export const GRAPH_MAX_DRAWN = 600;

export async function getInviteGraph(db: Db, root: { id: string; path: string; depth: number }): Promise<GraphSeller> {
  const { rows, deep } = await listGraphTop(db, root, GRAPH_MAX_DRAWN + 1);
  const drawn = rows.slice(0, GRAPH_MAX_DRAWN);
  const byId = new Map<string, GraphSeller>();
  for (const r of drawn) byId.set(r.id, { id: r.id, handle: r.handle, earnings: r.earnings, below: 0, hidden: 0, children: [] });
  const top = byId.get(root.id);
  if (!top) throw new Error('the graph root is missing from its own subtree');
  // Shallowest first, so every inviter is in the map before their invitees.
  for (const r of drawn) if (r.id !== root.id && r.inviterId) byId.get(r.inviterId)?.children.push(byId.get(r.id)!);
  for (const r of drawn) if (r.relDepth === 2) byId.get(r.id)!.hidden = deep.get(r.id) ?? 0;
  const total = (n: GraphSeller): number => (n.below = n.hidden + n.children.reduce((s, c) => s + 1 + total(c), 0));
  total(top);
  if (rows.length > GRAPH_MAX_DRAWN) {
    // Level-2 sellers left undrawn, and everyone under them, on the root's count.
    const undrawnDeep = [...deep.entries()].filter(([id]) => !byId.has(id)).reduce((s, [, n]) => s + n, 0);
    top.hidden = (await countGraphTop(db, root)) - drawn.length + undrawnDeep;
    top.below += top.hidden;
  }
  return top;
}

