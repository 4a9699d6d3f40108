// Bindings in the histories: buyers come back without a link (or with one) while the program's
// binding mode changes under them, and every order's attribution source must be one the order of
// precedence (shared/links/attribution-source.ts) could have given it.
import { inArray } from 'drizzle-orm';
import { BINDING_MODES } from '../../shared/program/program-schemas';
import { chooseAttributionSource, type BindingMode } from '../../shared/links/attribution-source';
import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program/program-schemas';
import { putProgramSettings } from '../../workers/services/program/settings';
import { isDatabaseUnavailable } from '../../workers/storage/db';
import { groups, type OrderRow } from '../../workers/storage/schema';
import { prng } from '../storage-helpers';
import { orderBody, placeOrder } from '../checkout-helpers';
import type { Op } from './generate';
import { deliver, type Ctx } from './run';

export type BindingOp =
  /** The buyer of an earlier order comes back for a plain order, with B's link or without. */
  | { t: 'rebuy'; k: number; ref: boolean }
  /** Ops change the binding mode (the setting is global: every history running sees it). */
  | { t: 'bindMode'; mode: BindingMode; days: number | null };

/** Appended to the waves from a stream of their own, so the ops an old seed recorded keep their order and draws. */
export function addBindingOps(n: number, waves: Op[][]): void {
  const r = prng(n ^ 0x2545f491);
  for (const wave of waves.slice(1)) {
    const count = Math.floor(r() * 3);
    for (let i = 0; i < count; i++) {
      wave.push(
        r() < 0.75
          ? { t: 'rebuy', k: Math.floor(r() * 1000), ref: r() < 0.4 }
          : { t: 'bindMode', mode: BINDING_MODES[Math.floor(r() * BINDING_MODES.length)]!, days: r() < 0.3 ? null : 30 },
      );
    }
  }
}

export async function runBindingOp(c: Ctx, op: BindingOp): Promise<void> {
  if (op.t === 'bindMode') {
    try {
      await putProgramSettings(c.db, { ...DEFAULT_PROGRAM_SETTINGS, binding: { mode: op.mode, days: op.days } });
    } catch (e) {
      if (!(c.h.allow503 && isDatabaseUnavailable(e))) throw e;
    }
    return;
  }
  const earlier = c.keys.length ? c.keys[op.k % c.keys.length] : undefined;
  if (!earlier) return;
  const body = orderBody([{ productId: c.products[0].id, quantity: 1 }], op.ref ? { ref: c.sellers.ref } : {});
  body.buyer.email = earlier.body.buyer.email;
  // Numbered before any await: two returning buyers of one wave must never share a key or an event id.
  const n = c.rkeys.length;
  const key = `kr-${c.tag}-${n}`;
  const entry: Ctx['rkeys'][number] = { key, body, answers: [] };
  c.rkeys.push(entry);
  const r = await placeOrder(body, key);
  entry.answers.push({ status: r.status, orderId: r.body?.order?.id });
  if (![201, 409].includes(r.status) && !(c.h.allow503 && r.status === 503)) c.unexpected.push(`rebuy answered ${r.status}`);
  if (r.status !== 201) return;
  const ev = { raw: { id: `evt_${c.tag}_r${n}`, type: 'payment.succeeded', orderId: r.body.order.id as string, amount: r.body.order.total }, settled: false };
  c.events.push(ev);
  await deliver(c, ev);
}

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
