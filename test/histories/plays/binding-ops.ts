// Bindings in the histories: buyers come back without a link (or with one) while the program's
// binding mode changes under them (test/histories/plays/bindings.ts checks the sources they get). Typed by
// the parts of a history they use, so run.ts and generate.ts can use them without a cycle.
import { BINDING_MODES, DEFAULT_PROGRAM_SETTINGS } from '../../../shared/program/program-schemas';
import type { BindingMode } from '../../../shared/links/attribution-source';
import { putProgramSettings } from '../../../workers/services/program/settings';
import { isDatabaseUnavailable, type Db } from '../../../workers/storage/db';
import { orderBody, placeOrder } from '../../checkout-helpers';
import { prng } from '../../storage-helpers';

type Body = ReturnType<typeof orderBody>;
export interface HistoryEvent {
  raw: { id: string; type: string; orderId: string; amount: { amount: number; currency: string } };
  settled: boolean;
}
interface HistoryParts {
  h: { allow503: boolean };
  tag: string;
  db: Db;
  sellers: { ref: string };
  products: readonly [{ id: string }, ...{ id: string }[]];
  keys: { key: string; body: Body; answers: { status: number; orderId?: string }[] }[];
  rkeys: HistoryParts['keys'];
  events: HistoryEvent[];
  unexpected: string[];
}

export type BindingOp =
  /** The buyer of an earlier order comes back for a plain order, with B's link or without. */
  | { t: 'rebuy'; k: number; ref: boolean }
  /** Ops change the binding mode (the setting is global: every history running sees it). */
  | { t: 'bindMode'; mode: BindingMode; days: number | null };

/** Appended to the waves from a stream of their own, so the ops an old seed recorded keep their order and draws. */
export function addBindingOps<O>(n: number, waves: (O | BindingOp)[][]): void {
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

export async function runBindingOp<C extends HistoryParts>(c: C, op: BindingOp, deliver: (c: C, ev: HistoryEvent) => Promise<number>): Promise<void> {
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
  const entry: HistoryParts['rkeys'][number] = { key, body, answers: [] };
  c.rkeys.push(entry);
  const r = await placeOrder(body, key);
  entry.answers.push({ status: r.status, orderId: r.body?.order?.id });
  if (![201, 409].includes(r.status) && !(c.h.allow503 && r.status === 503)) c.unexpected.push(`rebuy answered ${r.status}`);
  if (r.status !== 201) return;
  const ev = { raw: { id: `evt_${c.tag}_r${n}`, type: 'payment.succeeded', orderId: r.body.order.id as string, amount: r.body.order.total }, settled: false };
  c.events.push(ev);
  await deliver(c, ev);
}
