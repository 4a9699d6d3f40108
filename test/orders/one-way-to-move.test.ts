/// <reference types="vite/client" />
// moveOrder (services/orders/orders.ts) is the one way an order's status changes, so the ledger hook
// and anything later hung on it see every change. Like the ledger's append-only guarantee, this
// is a scan over every Worker source: a second path that writes orders.status fails it.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['../../workers/**/*.ts', '../../workers/**/*.tsx', '!../../workers/**/*.test.ts', '!../../workers/**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Each `.update(orders)` call with the text up to its `.where(`. */
function orderUpdates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\.update\(\s*orders\s*\)/g)) out.push(text.slice(m.index, text.indexOf('.where(', m.index) + 1 || undefined));
  return out;
}

describe('one way to move an order', () => {
  it('only transitionOrderRow (called by moveOrder) writes orders.status', () => {
    expect(Object.keys(sources).some((p) => p.endsWith('storage/orders/orders-repo.ts'))).toBe(true);
    const writesStatus = (u: string) => /status\s*:|\bset\(\s*set\s*\)/.test(u);
    const offenders = Object.entries(sources)
      .filter(([path]) => !path.endsWith('storage/orders/orders-repo.ts'))
      .flatMap(([path, text]) => orderUpdates(text).filter(writesStatus).map((u) => `${path}: ${u.slice(0, 80)}`));
    expect(offenders).toEqual([]);
    const repo = Object.entries(sources).find(([p]) => p.endsWith('storage/orders/orders-repo.ts'))![1];
    const statusWrites = orderUpdates(repo).filter(writesStatus);
    expect(statusWrites).toHaveLength(1); // transitionOrderRow's compare-and-set
    expect(/\bupdate\s+"?orders"?\s+set\s+"?status/i.test(Object.values(sources).join('\n'))).toBe(false);
  });

  it('transitionOrderRow is called only from moveOrder', () => {
    const callers = Object.entries(sources)
      .filter(([, text]) => /transitionOrderRow\(/.test(text))
      .map(([p]) => p.replace(/^.*workers\//, ''));
    expect(callers.sort()).toEqual(['services/orders/orders.ts', 'storage/orders/orders-repo.ts']);
  });
});
