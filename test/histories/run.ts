// Runs one generated history against the real Worker (SELF fetch), its real objects and Postgres:
// waves of concurrent operations, faults in the middle, then the recovery the platform and the
// provider would bring (healed Postgres, webhook retries, alarms, the minute cron). What a history
// keeps is context.ts, its rows fixtures.ts, the faults and their gate fault-gate.ts.
import { scopeIdempotencyKey } from '../../workers/services/orders/checkout';
import { groupIdForLeader } from '../../workers/services/groups/groups';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, opsToken } from '../helpers';
import { appEnv, step, type Ctx } from './context';
import { fault, withFault } from './fault-gate';
import type { Mismatch, Op } from './generate';
import { runBindingOp } from './plays/binding-ops';
import { runBargainOp } from './plays/bargains';
import { failGroupEffects, groupRef, readGroup, readStock, restartObject, runAlarm, setClock, stockRef } from './objects';
import { withdraw, withdrawalStep } from './plays/withdrawals';
import { afterSaleStep, askAfterSale } from './plays/after-sale-ops';
import { runLimitOrder, runLimitRefund } from './plays/limit-ops';
import { runFlashOp } from './plays/flash-sales';
import { runCouponOp } from './plays/coupon-ops';

const TTL_MS = Number(appEnv.RESERVATION_TTL_SECONDS ?? 900) * 1000;
const DAY = 86_400_000;

const at = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

function expectStatus(c: Ctx, what: string, status: number, allowed: number[]) {
  // 503 is the honest answer while Postgres is down; only histories with faults may see it.
  if (!allowed.includes(status) && !(c.h.allow503 && status === 503)) c.unexpected.push(`${what} answered ${status}`);
}

async function create(c: Ctx, body: ReturnType<typeof orderBody>, key: string, product: 0 | 1, entry?: Ctx['keys'][number], variant = false) {
  const r = await placeOrder(body, key);
  const e = entry ?? { key, body, answers: [] };
  if (!entry) (variant ? c.vkeys : c.keys).push(e);
  e.answers.push({ status: r.status, orderId: r.body?.order?.id });
  expectStatus(c, 'order creation', r.status, [201, 409, 422]);
  if (variant) {
    if (r.status === 201 && !c.vorders.some((o) => o.id === r.body.order.id)) c.vorders.push({ id: r.body.order.id, total: r.body.order.total });
    return r;
  }
  if (r.status === 201 && !c.orders.some((o) => o.id === r.body.order.id)) {
    const groupId: string | null = r.body.order.groupId ?? null;
    c.orders.push({ id: r.body.order.id, total: r.body.order.total, groupId, product });
    if (groupId && !c.groups.includes(groupId)) c.groups.push(groupId);
  }
  return r;
}

function newBody(c: Ctx, items: { productId: string; variantId?: string; quantity: number }[], ref: boolean, extra: Record<string, unknown> = {}) {
  const body = orderBody(items, { ...(ref ? { ref: c.sellers.ref } : {}), ...extra });
  body.buyer.email = `${c.tag}-${c.keys.length}-${Math.random().toString(36).slice(2, 7)}@hist.test`;
  return body;
}

type Body = ReturnType<typeof orderBody> & { group?: { open: true } | { join: string } };

/** The same buyer (so the same order id) asking for something else under the same key. */
function mismatchedBody(c: Ctx, body: Body, kind: Mismatch, orderId: string): Body {
  const [P, G] = c.products;
  const g = body.group;
  const own = g ? ('join' in g ? g.join : groupIdForLeader(orderId)) : undefined;
  const otherGroup = c.groups.find((id) => id !== own);
  if (kind === 'group' && !g) kind = 'quantity';
  if (kind === 'quantity' && g) kind = 'group';
  if (kind === 'group' && g && 'open' in g && !otherGroup) kind = 'product';
  switch (kind) {
    case 'address':
      return { ...body, shippingAddress: { ...body.shippingAddress, line1: '2 Other Rd' } };
    case 'product': {
      // A plain order of the other product; for a group order, the plain product without the group.
      const { group: _group, ...rest } = body;
      return g ? { ...rest, items: [{ productId: P.id, quantity: 1 }] } : { ...body, items: [{ productId: G.id, quantity: body.items[0]!.quantity }] };
    }
    case 'quantity':
      return { ...body, items: [{ ...body.items[0]!, quantity: body.items[0]!.quantity === 1 ? 2 : 1 }] };
    case 'group':
      return { ...body, group: 'join' in g! ? (otherGroup ? { join: otherGroup } : { open: true }) : { join: otherGroup! } };
  }
}

/** The refusals a body gets on its own, whoever sends it (see the mismatched replay). */
const REFUSALS = ['out_of_stock', 'group_full', 'group_closed'];

/** What a refused mismatched retry left held under the order id, if anything (units or a seat the first body never asked for). */
async function heldByMismatch(c: Ctx, first: Body, other: Body, orderId: string): Promise<string | undefined> {
  const firstLine = first.items[0]!;
  for (const line of other.items) {
    const s = await readStock(line.productId);
    const r = s?.reservations.get(orderId);
    if (!r || r.state === 'released') continue;
    if (line.productId !== firstLine.productId) return `${r.qty} units ${r.state} of ${line.productId}`;
    if (r.qty !== firstLine.quantity) return `the hold of ${line.productId} changed to ${r.qty} units`;
  }
  const groupOf = (b: Body) => (b.group ? ('join' in b.group ? b.group.join : groupIdForLeader(orderId)) : undefined);
  const target = groupOf(other);
  const before = groupOf(first);
  if (target && target !== before) {
    const v = await readGroup(target);
    const seat = v?.seats.find((s) => s.orderId === orderId);
    if (seat) return `a ${seat.state} seat in group ${target}`;
  }
  return undefined;
}

export async function deliver(c: Ctx, ev: Ctx['events'][number]) {
  const r = await step(c, `webhook ${ev.raw.id} ${ev.raw.type} for ${ev.raw.orderId}`, () => sendTestEvent(ev.raw));
  // 409: a refund before its payment was processed; the provider retries it later.
  expectStatus(c, `webhook ${ev.raw.type}`, r.status, [200, 409]);
  if (r.status === 200) ev.settled = true;
  return r.status;
}

async function pay(c: Ctx, i: number, type: 'payment.succeeded' | 'payment.failed' = 'payment.succeeded', list: { id: string; total: { amount: number; currency: string } }[] = c.orders) {
  const o = at(list, i);
  if (!o) return;
  const ev = { raw: { id: `evt_${c.tag}_${c.events.length}`, type, orderId: o.id, amount: o.total }, settled: false };
  c.events.push(ev);
  await deliver(c, ev);
}

async function opsAction(c: Ctx, i: number, action: 'ship' | 'deliver' | 'refund') {
  const o = at(c.orders, i);
  if (!o) return;
  const body = action === 'ship' ? { carrier: 'SF', trackingNumber: `SF${o.id}` } : undefined;
  const r = await callJson(`/api/ops/orders/${o.id}/${action}`, { token: await opsToken(), method: 'POST', body });
  expectStatus(c, `ops ${action}`, r.status, [200, 409]);
}

/**
 * Time passes for the whole history: every object's clock moves `by` ahead, then their alarms
 * run side by side, as the platform would fire them. (The Worker's own clock stays real: new
 * orders get windows that the moved clocks already see as ended at the next alarm.)
 */
export async function advance(c: Ctx, by: number) {
  c.clock += by;
  const stubs = [...stockUnits(c).map((u) => [`Stock ${u.name}`, stockRef(u.name)] as const), ...c.groups.map((g) => [`GroupBuy ${g}`, groupRef(g)] as const)];
  await Promise.all(stubs.map(([name, s]) => step(c, `setting the clock of ${name}`, () => setClock(s, c.clock))));
  await Promise.all(stubs.map(([name, s]) => step(c, `the alarm of ${name}`, () => runAlarm(s))));
}

/** Every Stock object of the history: one per product sold as its default variant, one per variant. */
export function stockUnits(c: Ctx): { name: string; productId: string; variantId: string | null; stock: number }[] {
  return [
    ...c.products.map((p) => ({ name: p.id, productId: p.id, variantId: null, stock: p.stock })),
    ...c.variants.items.map((v) => ({ name: v.id, productId: c.variants.productId, variantId: v.id, stock: v.stock })),
  ];
}

async function runOp(c: Ctx, op: Op): Promise<void> {
  const [P, G] = c.products;
  switch (op.t) {
    case 'vsingle': {
      const body = newBody(c, [{ productId: c.variants.productId, variantId: c.variants.items[op.v].id, quantity: op.qty }], false);
      body.buyer.email = body.buyer.email.replace(`${c.tag}-`, `${c.tag}-v`);
      await create(c, body, `kv-${c.tag}-${c.vkeys.length}`, 0, undefined, true);
      return;
    }
    case 'vpay':
      return pay(c, op.i, 'payment.succeeded', c.vorders);
    case 'single':
      await create(c, newBody(c, [{ productId: P.id, quantity: op.qty }], op.ref), `k-${c.tag}-${c.keys.length}`, 0);
      return;
    case 'open':
      await create(c, newBody(c, [{ productId: G.id, quantity: 1 }], op.ref, { group: { open: true } }), `k-${c.tag}-${c.keys.length}`, 1);
      return;
    case 'join': {
      const gid = at(c.groups, op.g);
      if (!gid) return;
      await create(c, newBody(c, [{ productId: G.id, quantity: 1 }], op.ref, { group: { join: gid } }), `k-${c.tag}-${c.keys.length}`, 1);
      return;
    }
    case 'replay': {
      const k = at(c.keys, op.k);
      if (!k) return;
      // The same buyer, so the same order id, whatever else the body asks.
      const { orderId } = await scopeIdempotencyKey({ body: k.body as never, idempotencyKey: k.key, session: undefined });
      const body = op.mismatch ? mismatchedBody(c, k.body, op.mismatch, orderId) : k.body;
      const product = body.items[0]!.productId === P.id ? 0 : 1;
      const createdBefore = k.answers.some((a) => a.status === 201);
      const r = await create(c, body, k.key, product, k);
      // Another body is refused once the key made an order; until then (earlier attempts got 503) it is the first.
      if (op.mismatch && createdBefore) {
        // A new body that is refused on its own (its product sold out, its group full or closed) is
        // answered with that refusal before the key is compared: comparing first would cost every
        // sold-out buyer a Postgres statement (docs/orders-stock-payments.md). It still holds nothing.
        const refusedOnItsOwn = r.status === 409 && REFUSALS.includes(r.body?.error?.code);
        if (r.status === 201) c.unexpected.push(`a replay with another ${op.mismatch} was accepted (${k.key})`);
        else if (r.status !== 422 && !refusedOnItsOwn && !(c.h.allow503 && r.status === 503)) c.unexpected.push(`a replay with another ${op.mismatch} answered ${r.status} ${r.body?.error?.code ?? ''} (${r.body?.error?.message ?? ''}), not 422 idempotency_mismatch (${k.key})`);
        else if (r.status === 422 && r.body?.error?.code !== 'idempotency_mismatch') c.unexpected.push(`a replay with another ${op.mismatch} answered 422 ${r.body?.error?.code} (${k.key})`);
        // Refused, it holds nothing: no units of another product or quantity, no seat in another group.
        const left = await heldByMismatch(c, k.body, body, orderId);
        if (left) c.unexpected.push(`a replay with another ${op.mismatch} answered ${r.status} but left ${left} (${k.key})`);
      }
      if (r.status === 201 && !createdBefore) k.body = body;
      return;
    }
    case 'pay':
      return pay(c, op.i);
    case 'fail':
      return pay(c, op.i, 'payment.failed');
    case 'dup': {
      const ev = at(c.events, op.e);
      if (ev) await deliver(c, ev);
      return;
    }
    case 'refund':
    case 'ship':
    case 'deliver':
      return opsAction(c, op.i, op.t);
    case 'expire':
      return advance(c, TTL_MS + 1000);
    case 'deadline':
      return advance(c, 61 * 60_000);
    case 'payAtDeadline':
      await Promise.all([pay(c, op.i), advance(c, 61 * 60_000)]);
      return;
    case 'late':
      await advance(c, 3 * DAY);
      return pay(c, op.i);
    case 'withdraw':
      return withdraw(c, op.half);
    case 'wstep':
      return withdrawalStep(c, op.i, op.action, expectStatus);
    case 'asAsk':
      return askAfterSale(c, op, { step, expectStatus });
    case 'asStep':
      return afterSaleStep(c, op, { step, expectStatus });
    case 'lorder':
      return runLimitOrder(c, op, { step, expectStatus });
    case 'lpay':
      return pay(c, op.i, op.fail ? 'payment.failed' : 'payment.succeeded', c.lorders);
    case 'lrefund':
      return runLimitRefund(c, op, { step, expectStatus });
    case 'cclaim':
    case 'corder':
    case 'cpay':
    case 'crefund':
      return runCouponOp(c, op, { step, expectStatus });
    case 'pgDown':
      await withFault(c, async () => {
        await fault('down');
        await new Promise((r) => setTimeout(r, op.ms));
        await fault('up');
      });
      return;
    case 'pgDrop':
      await withFault(c, () => fault('drop'));
      return;
    case 'restart': {
      const gid = at(c.groups, op.n);
      const ref = op.which === 'stock' ? stockRef(c.products[op.n % 2]!.id) : gid ? groupRef(gid) : undefined;
      if (!ref) return;
      await restartObject(ref());
      // A restart loses the test's clock seam too; the history's time is put back.
      await setClock(ref, c.clock);
      return;
    }
    case 'flash':
      return runFlashOp(c, op, deliver);
    case 'rebuy':
    case 'bindMode':
      return runBindingOp(c, op, deliver);
    case 'bOpen':
    case 'bHelp':
    case 'bBuy':
      return runBargainOp(c, op, appEnv, deliver, expectStatus);
    case 'alarmFaults': {
      const gid = at(c.groups, op.g);
      if (gid) await failGroupEffects(gid, op.n);
      return;
    }
  }
}

export async function runWaves(c: Ctx): Promise<void> {
  for (const [w, wave] of c.h.waves.entries()) {
    if (c.abandoned) return;
    await Promise.all(
      wave.map((op, j) =>
        step(c, `wave ${w + 1} op ${j + 1}: ${JSON.stringify(op)}`, () => runOp(c, op)).catch((e) => {
          throw new Error(`${op.t} threw: ${(e as Error)?.stack ?? e}`);
        }),
      ),
    );
  }
}

