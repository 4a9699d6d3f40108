// The invitation graph's layout (API.md v3): a tidy tree from d3-hierarchy, root on the left and
// one column per level, so it reads top to bottom on a 390 px phone whatever the network's size.
// Only the seller and two levels below are drawn; everyone deeper is a count ("+37") on the
// level-2 node they sit under. Pure: the page turns this into SVG, the service gathers the tree.
import { hierarchy, tree } from 'd3-hierarchy';

export interface GraphSeller {
  id: string;
  handle: string;
  /** Net commission earned, in fen (accrued less reversals and clawbacks). */
  earnings: number;
  /** Everyone below this seller, drawn or not. */
  below: number;
  /** Of those, how many are not drawn: the "+N" on the node. */
  hidden: number;
  children: GraphSeller[];
}

export interface PlacedNode {
  id: string;
  handle: string;
  label: string;
  depth: number;
  x: number;
  y: number;
  earnings: number;
  below: number;
  hidden: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  links: { from: PlacedNode; to: PlacedNode }[];
}

/** The drawing grid, in SVG units; the picture is scaled to its container's width. */
export const GRAPH = { width: 384, column: 112, row: 24, margin: 12, labelChars: 13 } as const;

/** A handle cut to fit its column; the full handle stays in the node's title. */
export const shortHandle = (handle: string, max: number = GRAPH.labelChars) => (handle.length > max ? `${handle.slice(0, max - 1)}…` : handle);

export function layoutInviteGraph(root: GraphSeller): GraphLayout {
  const h = hierarchy(root, (n) => n.children);
  // Bigger branches first, then by handle, so the picture is stable between renders.
  h.sort((a, b) => b.data.below - a.data.below || (a.data.handle < b.data.handle ? -1 : 1));
  // nodeSize is [breadth, depth]: one row per leaf, one column per level.
  const laid = tree<GraphSeller>().nodeSize([GRAPH.row, GRAPH.column]).separation(() => 1)(h);
  let min = Infinity;
  let max = -Infinity;
  laid.each((n) => {
    min = Math.min(min, n.x);
    max = Math.max(max, n.x);
  });
  const byNode = new Map<unknown, PlacedNode>();
  const nodes: PlacedNode[] = [];
  laid.each((n) => {
    const p: PlacedNode = {
      id: n.data.id,
      handle: n.data.handle,
      label: `@${shortHandle(n.data.handle)}`,
      depth: n.depth,
      x: GRAPH.margin + n.y,
      y: GRAPH.margin + n.x - min,
      earnings: n.data.earnings,
      below: n.data.below,
      hidden: n.data.hidden,
    };
    byNode.set(n, p);
    nodes.push(p);
  });
  const links = laid.links().map((l) => ({ from: byNode.get(l.source)!, to: byNode.get(l.target)! }));
  return { width: GRAPH.width, height: Math.ceil(max - min + GRAPH.margin * 2), nodes, links };
}

/** A link as a smooth S from the inviter's dot to the invitee's. */
export function linkPath(from: { x: number; y: number }, to: { x: number; y: number }): string {
  const mid = (from.x + to.x) / 2;
  return `M${from.x},${from.y}C${mid},${from.y} ${mid},${to.y} ${to.x},${to.y}`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export interface GraphTexts {
  /** The picture's accessible name. */
  label: string;
  /** What the picture shows, for screen readers. */
  desc: string;
  /** Hover text of one node: handle, count below, earnings. */
  nodeTitle: (n: PlacedNode) => string;
}

/**
 * The laid-out graph as one SVG string (markup built by hand: a 600-node picture renders in well
 * under a millisecond this way). Each node's <title> carries its counts and earnings on hover;
 * the "+N" beside a level-2 node is everyone under it, not drawn.
 */
export function inviteGraphSvg(g: GraphLayout, texts: GraphTexts, idPrefix = 'invite-graph'): string {
  const parts: string[] = [];
  parts.push(`<g fill="none" stroke="#b9bcc4" stroke-width="1.25">`);
  for (const l of g.links) parts.push(`<path d="${linkPath(l.from, l.to)}"/>`);
  parts.push(`</g>`);
  for (const n of g.nodes) {
    const fill = n.depth === 0 ? '#c9252b' : n.depth === 1 ? '#1a5fb4' : '#2e7d32';
    const more =
      n.hidden > 0
        ? `<text x="${g.width - n.x - 2}" dy="0.32em" text-anchor="end" font-size="11" font-weight="700" fill="#555" data-hidden="${n.hidden}">+${n.hidden}</text>`
        : '';
    parts.push(
      `<g class="gnode" data-gnode="${esc(n.id)}" data-depth="${n.depth}" transform="translate(${n.x},${n.y})">` +
        `<title>${esc(texts.nodeTitle(n))}</title>` +
        `<circle r="5" fill="${fill}"/>` +
        `<text x="9" dy="0.32em" font-size="12" fill="#1d1d1f" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(n.label)}</text>` +
        more +
        `</g>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${g.width} ${g.height}" width="100%" style="max-width:${g.width}px;height:auto;display:block" ` +
    `role="img" aria-labelledby="${idPrefix}-t ${idPrefix}-d" font-family="system-ui,-apple-system,sans-serif">` +
    `<title id="${idPrefix}-t">${esc(texts.label)}</title><desc id="${idPrefix}-d">${esc(texts.desc)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}
