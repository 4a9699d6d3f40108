import { describe, expect, it } from 'vitest';
import { GRAPH, layoutInviteGraph, linkPath, shortHandle, type GraphSeller } from './invite-graph';

const node = (id: string, children: GraphSeller[] = [], hidden = 0): GraphSeller => ({
  id,
  handle: `h_${id}`,
  earnings: 100,
  hidden,
  below: hidden + children.reduce((s, c) => s + 1 + c.below, 0),
  children,
});

describe('layoutInviteGraph', () => {
  it('puts one level per column and one leaf per row, inside the picture', () => {
    const root = node('r', [node('a', [node('a1', [], 5), node('a2')]), node('b'), node('c', [node('c1', [], 40)])]);
    const g = layoutInviteGraph(root);
    expect(g.nodes).toHaveLength(7);
    expect(g.links).toHaveLength(6);
    const at = (id: string) => g.nodes.find((n) => n.id === id)!;
    expect(at('r').x).toBe(GRAPH.margin);
    expect(at('a').x).toBe(GRAPH.margin + GRAPH.column);
    expect(at('c1').x).toBe(GRAPH.margin + 2 * GRAPH.column);
    // Nodes of one column sit a row apart at least.
    for (const depth of [1, 2]) {
      const ys = g.nodes.filter((n) => n.depth === depth).map((n) => n.y).sort((x, y) => x - y);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(GRAPH.row);
    }
    for (const n of g.nodes) {
      expect(n.y).toBeGreaterThanOrEqual(GRAPH.margin);
      expect(n.y).toBeLessThanOrEqual(g.height - GRAPH.margin);
      expect(n.x).toBeLessThan(g.width);
    }
    // The biggest branch comes first.
    expect(at('c').y).toBeLessThan(at('a').y);
    expect(at('c1').hidden).toBe(40);
  });

  it('draws a lone seller as one dot', () => {
    const g = layoutInviteGraph(node('r'));
    expect(g.nodes.map((n) => [n.id, n.depth])).toEqual([['r', 0]]);
    expect(g.links).toEqual([]);
    expect(g.height).toBe(GRAPH.margin * 2);
  });

  it('cuts long handles for the label only', () => {
    expect(shortHandle('abcdefghijklmnopqrstuvwxyz')).toBe('abcdefghijkl…');
    expect(shortHandle('short')).toBe('short');
    expect(linkPath({ x: 0, y: 0 }, { x: 10, y: 20 })).toBe('M0,0C5,0 5,20 10,20');
  });
});
