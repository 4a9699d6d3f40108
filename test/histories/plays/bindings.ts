// The histories' attribution check: every order's source must be one the order of precedence
// (shared/links/attribution-source.ts) could have given it, bindings included (the operations that
// make returning buyers and change the binding mode are in binding-ops.ts).
import { inArray } from 'drizzle-orm';
import { BINDING_MODES } from '../../../shared/program/program-schemas';
import { chooseAttributionSource } from '../../../shared/links/attribution-source';
import { groups, type OrderRow } from '../../../workers/storage/schema';
import type { Ctx } from '../context';

type Body = Ctx['keys'][number]['body'] & { ref?: string; group?: { open: true } | { join: string } };

/**
 * Every order's source is one the precedence function gives for what the order carried (a link
 * or not, a group join), some binding mode, and either no binding or a binding to the seller of
 * one of the buyer's earlier paid orders. The structure holds too: a source iff a seller; links
 * and groups name a link, bindings and codes none.
 */
export async function attributionSourceViolations(c: Ctx, rows: OrderRow[]): Promise<string[]> {
  const bad: string[] = [];
  const bodyOf = new Map<string, Body>();
  for (const k of [...c.keys, ...c.vkeys, ...c.rkeys]) for (const a of k.answers) if (a.status === 201 && a.orderId) bodyOf.set(a.orderId, k.body as Body);
  const byId = new Map(rows.map((o) => [o.id, o]));
  const groupIds = [...new Set(rows.map((o) => o.groupId).filter((g): g is string => !!g))];
  const leaders = groupIds.length ? await c.db.select({ id: groups.id, leader: groups.leaderOrderId }).from(groups).where(inArray(groups.id, groupIds)) : [];
  const leaderOf = new Map(leaders.map((g) => [g.id, byId.get(g.leader)]));
  for (const o of rows) {
    const src = o.attributionSource;
    if ((o.attributedSellerId === null) !== (src === null)) bad.push(`order ${o.id}: seller ${o.attributedSellerId} with source ${src}`);
    if ((src === 'link' || src === 'group') && !o.attributedLinkId) bad.push(`order ${o.id}: source ${src} names no link`);
    if ((src === 'binding' || src === 'code') && o.attributedLinkId) bad.push(`order ${o.id}: source ${src} names link ${o.attributedLinkId}`);
    const body = bodyOf.get(o.id);
    if (!body) continue;
    const join = body.group && 'join' in body.group ? body.group.join : null;
    const leader = join ? leaderOf.get(join) : undefined;
    const group = leader?.attributedSellerId && leader.attributedLinkId ? { sellerId: leader.attributedSellerId } : null;
    const bound = rows.filter(
      (p) => p.id !== o.id && p.buyerEmail === o.buyerEmail && p.commissionable && p.attributedSellerId && p.paidAt !== null && p.paidAt < o.createdAt,
    );
    const bindings = [null, ...new Set(bound.map((p) => p.attributedSellerId!))].map((s) => (s ? { sellerId: s, expiresAt: null } : null));
    const possible = new Set<string>();
    for (const mode of BINDING_MODES) {
      for (const binding of bindings) {
        const got = chooseAttributionSource({ link: body.ref ? { sellerId: c.sellers.b } : null, group, binding, bindingMode: mode, now: o.createdAt.getTime() });
        possible.add(got ? `${got.source}:${got.winner.sellerId}` : 'none');
      }
    }
    const actual = src ? `${src}:${o.attributedSellerId}` : 'none';
    if (!possible.has(actual)) bad.push(`order ${o.id}: attributed ${actual}, but precedence allows only ${[...possible].join(', ')}`);
  }
  return bad;
}
