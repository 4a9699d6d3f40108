import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import type { GroupBuy } from '../../workers/objects/group-buy';
import { openDb } from '../../workers/storage/db';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { BASE, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

const MIN = 60_000;
const appEnv = env as unknown as AppEnv;
const groupStub = (id: string) => env.GROUP_BUY.get(env.GROUP_BUY.idFromName(id));
const getGroup = async (id: string) => (await callJson(`/api/groups/${id}`)).body.group;
const opsGroup = async (id: string) => (await callJson(`/api/ops/groups/${id}`, { token: await opsToken() })).body.group;
const opsOrder = async (id: string) => (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order;
const stockAvailable = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;

async function groupProduct(opts: { size?: number; stock?: number; autoFillPercent?: number } = {}) {
  return createProduct({
    stock: opts.stock ?? 20,
    groupBuy: { size: opts.size ?? 3, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60, autoFillPercent: opts.autoFillPercent },
  });
}

const buyer = (tag = 'buyer') => ({ email: `${uniq(tag)}@example.test`, name: '李四 Li Si' });

async function openGroup(productId: string, b = buyer('leader')) {
  const r = await placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: b, group: { open: true } }));
  if (r.status !== 201) throw new Error(`open failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const joinGroup = (productId: string, groupId: string, b = buyer()) =>
  placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: b, group: { join: groupId } }));

const pay = async (created: { order: { id: string; total: unknown } }) => {
  const r = await sendTestEvent({ type: 'payment.succeeded', orderId: created.order.id, amount: created.order.total as any });
  expect(r.status).toBe(200);
};

/** Moves the object's clock: deadlines and hold expiries are judged by it. */
const shiftClock = (groupId: string, ms: number) =>
  runInDurableObject(groupStub(groupId), (inst: GroupBuy) => {
    inst.now = () => Date.now() + ms;
  });

describe('opening and joining a group', () => {
  it('opens a group at the group price with the leader holding a seat, and lists it on the product', async () => {
    const p = await groupProduct();
    const leader = await openGroup(p.id);
    expect(leader.order).toMatchObject({ status: 'pending_payment', total: { amount: 5900, currency: 'CNY' }, groupId: expect.stringMatching(/^g_/) });
    const gid = leader.order.groupId;
    const g = await getGroup(gid);
    expect(g).toEqual({ id: gid, productId: p.id, size: 3, members: 0, held: 1, status: 'open', expiresAt: expect.any(String) });
    expect(Date.parse(g.expiresAt) - Date.now()).toBeGreaterThan(55 * MIN);
    expect(await stockAvailable(p.id)).toBe(19);
    const order = await opsOrder(leader.order.id);
    expect(order).toMatchObject({ groupId: gid, items: [{ quantity: 1, unitPrice: { amount: 5900, currency: 'CNY' } }] });
    const detail = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(detail.openGroups).toEqual([{ id: gid, members: 0, size: 3, expiresAt: g.expiresAt }]);
  });

  it('refuses malformed group orders with 400 and unknown groups with 404', async () => {
    const p = await groupProduct();
    const plain = await createProduct({ stock: 5 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const cases: [unknown, number, string][] = [
      [orderBody([{ productId: p.id, quantity: 2 }], { group: { open: true } }), 400, 'invalid_input'],
      [orderBody([{ productId: p.id, quantity: 1 }, { productId: plain.id, quantity: 1 }], { group: { join: gid } }), 400, 'invalid_input'],
      [orderBody([{ productId: plain.id, quantity: 1 }], { group: { open: true } }), 400, 'invalid_input'],
      [orderBody([{ productId: plain.id, quantity: 1 }], { group: { join: gid } }), 400, 'invalid_input'],
      [orderBody([{ productId: p.id, quantity: 1 }], { group: { join: 'nope' } }), 400, 'invalid_input'],
      [orderBody([{ productId: p.id, quantity: 1 }], { group: { join: 'g_doesNotExist1' } }), 404, 'not_found'],
      [orderBody([{ productId: p.id, quantity: 1 }], { group: { open: false } }), 400, 'invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const r = await placeOrder(body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await getGroup(gid)).toMatchObject({ held: 1, members: 0 });
    expect(await stockAvailable(p.id)).toBe(19);
    expect((await callJson('/api/groups/g_doesNotExist1')).status).toBe(404);
    expect((await callJson('/api/groups/p_notAGroup01')).status).toBe(400);
  });

  it('30 concurrent joins to a group of 3: exactly 2 holds, the rest group_full, stock for 3', async () => {
    const p = await groupProduct({ size: 3, stock: 40 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const results = await Promise.all(Array.from({ length: 30 }, () => joinGroup(p.id, gid)));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(2);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(28);
    for (const r of refused) expect([r.status, r.body.error.code]).toEqual([409, 'group_full']);
    for (const r of ok) expect(r.body.order.groupId).toBe(gid);
    expect(await getGroup(gid)).toMatchObject({ held: 3, members: 0, status: 'open' });
    expect(await stockAvailable(p.id)).toBe(37);
    // A full group is no longer offered on the product.
    expect((await callJson(`/api/products/${p.id}`)).body.product.openGroups).toEqual([]);
  });

  it('the same buyer twice in one group is already_member, whatever the case of the email', async () => {
    const p = await groupProduct();
    const lead = buyer('lead');
    const leader = await openGroup(p.id, lead);
    const gid = leader.order.groupId;
    const again = await joinGroup(p.id, gid, { ...lead, email: lead.email.toUpperCase() });
    expect([again.status, again.body.error.code]).toEqual([409, 'already_member']);
    const b = buyer();
    expect((await joinGroup(p.id, gid, b)).status).toBe(201);
    const twice = await joinGroup(p.id, gid, b);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'already_member']);
    expect(await getGroup(gid)).toMatchObject({ held: 2 });
    expect(await stockAvailable(p.id)).toBe(18);
  });

  it('a lapsed hold frees its seat: the order is cancelled, its unit released, and a new buyer gets in', async () => {
    const p = await groupProduct({ size: 2, stock: 10 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    await pay(leader);
    const late = await joinGroup(p.id, gid);
    expect(late.status).toBe(201);
    const full = await joinGroup(p.id, gid);
    expect([full.status, full.body.error.code]).toEqual([409, 'group_full']);
    expect(await stockAvailable(p.id)).toBe(8);

    await shiftClock(gid, 16 * MIN); // past the 15-minute reservation, before the 60-minute deadline
    expect(await runDurableObjectAlarm(groupStub(gid))).toBe(true);
    expect(await getGroup(gid)).toMatchObject({ members: 1, held: 0, status: 'open' });
    expect((await opsOrder(late.body.order.id)).status).toBe('cancelled');
    expect(await stockAvailable(p.id)).toBe(9);
    expect((await joinGroup(p.id, gid)).status).toBe(201);
  });

  it('a failed payment frees the seat at once', async () => {
    const p = await groupProduct({ size: 2 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const j = await joinGroup(p.id, gid);
    expect(await getGroup(gid)).toMatchObject({ held: 2 });
    await sendTestEvent({ type: 'payment.failed', orderId: j.body.order.id, amount: j.body.order.total });
    expect(await getGroup(gid)).toMatchObject({ held: 1 });
    expect((await joinGroup(p.id, gid)).status).toBe(201);
  });
});

describe('success and failure', () => {
  it('succeeds when every seat is paid: every order becomes confirmed, and Postgres records it', async () => {
    const p = await groupProduct({ size: 3 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const joins = [await joinGroup(p.id, gid), await joinGroup(p.id, gid)];
    await pay(leader);
    await pay(joins[0]!.body);
    expect((await opsOrder(leader.order.id)).status).toBe('awaiting_group');
    expect(await getGroup(gid)).toMatchObject({ members: 2, held: 1, status: 'open' });
    await pay(joins[1]!.body);
    expect(await getGroup(gid)).toMatchObject({ members: 3, held: 0, status: 'succeeded' });
    for (const id of [leader.order.id, ...joins.map((j) => j.body.order.id)]) {
      const o = await opsOrder(id);
      expect(o.status).toBe('confirmed');
      expect(o.timeline.map((t: any) => t.status)).toEqual(['pending_payment', 'awaiting_group', 'confirmed']);
    }
    const ops = await opsGroup(gid);
    expect(ops).toMatchObject({ status: 'succeeded', autoFilled: 0, pendingWrites: 0, record: { status: 'succeeded', members: 3, autoFilled: 0 } });
    const closed = await joinGroup(p.id, gid);
    expect([closed.status, closed.body.error.code]).toEqual([409, 'group_closed']);
    expect((await callJson(`/api/products/${p.id}`)).body.product.openGroups).toEqual([]);
    expect(await stockAvailable(p.id)).toBe(17);
  });

  it('fails at the deadline: paid orders refunded, unpaid cancelled, stock released; a late payment is refunded too', async () => {
    const p = await groupProduct({ size: 3, stock: 10 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const paidJoin = await joinGroup(p.id, gid);
    const unpaid = await joinGroup(p.id, gid);
    await pay(leader);
    await pay(paidJoin.body);
    expect(await stockAvailable(p.id)).toBe(7);

    await shiftClock(gid, 61 * MIN);
    expect(await runDurableObjectAlarm(groupStub(gid))).toBe(true);
    expect(await getGroup(gid)).toMatchObject({ status: 'failed', members: 2, held: 0 });
    for (const id of [leader.order.id, paidJoin.body.order.id]) {
      const o = await opsOrder(id);
      expect([o.status, o.payment.status, o.refundRequested]).toEqual(['refunded', 'refunded', true]);
    }
    const u = await opsOrder(unpaid.body.order.id);
    expect([u.status, u.payment.status]).toEqual(['cancelled', 'pending']);
    expect(await stockAvailable(p.id)).toBe(10);
    expect(await opsGroup(gid)).toMatchObject({ status: 'failed', record: { status: 'failed' }, pendingWrites: 0 });

    // The buyer who had not paid pays now: the money goes straight back.
    await pay(unpaid.body);
    const after = await opsOrder(unpaid.body.order.id);
    expect([after.status, after.payment.status]).toEqual(['cancelled', 'refunded']);
    expect(await getGroup(gid)).toMatchObject({ status: 'failed', members: 2 });
    expect(await stockAvailable(p.id)).toBe(10);
    // Running the alarm again changes nothing.
    await runDurableObjectAlarm(groupStub(gid));
    expect((await opsOrder(leader.order.id)).status).toBe('refunded');
  });

  it('a payment that lands after the seat lapsed (but before Postgres cancelled the order) is refunded', async () => {
    const p = await groupProduct({ size: 2, stock: 10 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    await shiftClock(gid, 16 * MIN);
    await pay(leader); // the webhook marks it paid; the object finds the hold lapsed
    const o = await opsOrder(leader.order.id);
    expect([o.status, o.payment.status]).toEqual(['refunded', 'refunded']);
    expect(await getGroup(gid)).toMatchObject({ members: 0, held: 0, status: 'open' });
    expect(await stockAvailable(p.id)).toBe(10);
  });

  it('auto-fill: at the deadline, with enough seats paid, the platform fills the rest and tells ops, not buyers', async () => {
    const p = await groupProduct({ size: 3, autoFillPercent: 60 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const j = await joinGroup(p.id, gid);
    await pay(leader);
    await pay(j.body);
    await shiftClock(gid, 61 * MIN);
    await runDurableObjectAlarm(groupStub(gid));
    expect(await getGroup(gid)).toMatchObject({ status: 'succeeded', members: 2, held: 0, size: 3 });
    const ops = await opsGroup(gid);
    expect(ops).toMatchObject({ autoFilled: 1, autoFillPercent: 60, record: { status: 'succeeded', autoFilled: 1, members: 2 } });
    for (const id of [leader.order.id, j.body.order.id]) expect((await opsOrder(id)).status).toBe('confirmed');
  });

  it('the confirmation lands even though Postgres was unreachable at the moment of success', async () => {
    const p = await groupProduct({ size: 2 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const j = await joinGroup(p.id, gid);
    await pay(leader);
    // From now on the object reaches a database that refuses every connection.
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      const bad = new URL(appEnv.DATABASE_URL);
      bad.pathname = '/pinlink_unreachable';
      inst.openDatabase = () => openDb({ ...appEnv, DATABASE_URL: bad.toString() });
    });
    await pay(j.body);
    expect(await getGroup(gid)).toMatchObject({ status: 'succeeded', members: 2 });
    expect((await opsOrder(leader.order.id)).status).toBe('awaiting_group');
    expect((await opsOrder(j.body.order.id)).status).toBe('awaiting_group');
    expect((await opsGroup(gid)).pendingWrites).toBeGreaterThan(0);
    expect(await runInDurableObject(groupStub(gid), (_i, state) => state.storage.getAlarm())).not.toBeNull();

    // Still down when the alarm first retries: nothing is lost.
    await runDurableObjectAlarm(groupStub(gid));
    expect((await opsOrder(leader.order.id)).status).toBe('awaiting_group');

    // Postgres is back; the next alarm lands the confirmation.
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      inst.openDatabase = () => openDb(appEnv);
    });
    expect(await runDurableObjectAlarm(groupStub(gid))).toBe(true);
    for (const id of [leader.order.id, j.body.order.id]) expect((await opsOrder(id)).status).toBe('confirmed');
    expect(await opsGroup(gid)).toMatchObject({ pendingWrites: 0, record: { status: 'succeeded', members: 2 } });
  });
});

describe('outbox', () => {
  it('a refund that keeps failing does not hold back the confirmation of the group', async () => {
    const p = await groupProduct({ size: 2, stock: 10 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    // Every refund effect of this group fails from now on.
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      const real = inst.runItem;
      inst.runItem = async (e, db, rec, item) => {
        if (item.type === 'refund_order') throw new Error('provider down');
        return real(e, db, rec, item);
      };
    });
    // The leader pays after the hold lapsed: a refund is decided, and fails.
    await shiftClock(gid, 16 * MIN);
    await pay(leader);
    await shiftClock(gid, 0);
    expect((await opsGroup(gid)).pendingWrites).toBeGreaterThan(0);
    // Two new buyers fill the group: their confirmation lands although the refund is still stuck.
    const a = await joinGroup(p.id, gid);
    const b = await joinGroup(p.id, gid);
    await pay(a.body);
    await pay(b.body);
    expect(await getGroup(gid)).toMatchObject({ status: 'succeeded', members: 2 });
    for (const id of [a.body.order.id, b.body.order.id]) expect((await opsOrder(id)).status).toBe('confirmed');
    expect(await opsGroup(gid)).toMatchObject({ record: { status: 'succeeded', members: 2 }, pendingWrites: 1 });
  });
});

describe('outbox under Postgres faults', () => {
  // A proxy to the test Postgres whose faults reach only this test's connections (test/fault-proxy.ts).
  const faultEnv = env as unknown as AppEnv & { TEST_FAULT_PROXY: string; TEST_FAULT_CONTROL: string };
  const TAG = 'group-outbox';
  const fault = async (action: string, query = '') => {
    const r = await fetch(`${faultEnv.TEST_FAULT_CONTROL}/${action}?tag=${TAG}${query}`);
    return (await r.json()) as { held: number };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  afterEach(() => fault('up'));

  it('a cut while an effect reads an order leaves the group working (found by the history tests: the alarm and every later call hung)', async () => {
    const p = await groupProduct({ size: 3 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    // The leader's hold lapses while Postgres is unreachable: cancelling the order is left in the outbox.
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      const bad = new URL(appEnv.DATABASE_URL);
      bad.pathname = '/pinlink_unreachable';
      inst.openDatabase = () => openDb({ ...appEnv, DATABASE_URL: bad.toString() });
    });
    await shiftClock(gid, 16 * MIN);
    await runDurableObjectAlarm(groupStub(gid));
    expect((await opsGroup(gid)).pendingWrites).toBe(1);

    // The retry reads the order, its lines and its payment, the last two side by side; both
    // connections are cut while those reads are out.
    await fault('hold', '&match=from "order_items",from "payments"');
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      inst.openDatabase = () => openDb({ ...appEnv, LOCAL_DB_PROXY: `${faultEnv.TEST_FAULT_PROXY}/t/${TAG}` });
    });
    const retry = runDurableObjectAlarm(groupStub(gid)).then(() => 'returned', (e) => `threw ${e}`);
    for (let i = 0; i < 100 && (await fault('status')).held < 2; i++) await sleep(20);
    expect((await fault('status')).held).toBe(2);
    await fault('drop');
    await fault('up');
    expect(await Promise.race([retry, sleep(10_000).then(() => 'still running')])).toBe('returned');

    // Postgres is back: the group answers, and its next alarm cancels the lapsed order.
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      inst.openDatabase = () => openDb(appEnv);
    });
    expect(await Promise.race([getGroup(gid), sleep(10_000).then(() => 'still running')])).toMatchObject({ held: 0, members: 0 });
    await runDurableObjectAlarm(groupStub(gid));
    expect((await opsOrder(leader.order.id)).status).toBe('cancelled');
    expect((await opsGroup(gid)).pendingWrites).toBe(0);
  });
});

describe('live updates', () => {
  it('a WebSocket client gets the group on connect and on every change', async () => {
    const p = await groupProduct({ size: 2 });
    const leader = await openGroup(p.id);
    const gid = leader.order.groupId;
    const res = await exports.default.fetch(new Request(`${BASE}/api/groups/${gid}/live`, { headers: { upgrade: 'websocket' } }));
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const messages: any[] = [];
    let notify = () => {};
    ws.addEventListener('message', (e) => {
      messages.push(JSON.parse(e.data as string));
      notify();
    });
    ws.accept();
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 5000;
      while (messages.length < n && Date.now() < deadline) await new Promise<void>((r) => ((notify = r), setTimeout(r, 100)));
      expect(messages.length).toBeGreaterThanOrEqual(n);
    };
    await waitFor(1);
    expect(messages[0]).toEqual(await getGroup(gid));
    expect(messages[0]).toMatchObject({ members: 0, held: 1 });

    const j = await joinGroup(p.id, gid);
    await waitFor(2);
    expect(messages[1]).toMatchObject({ members: 0, held: 2, status: 'open' });
    await pay(leader);
    await waitFor(3);
    expect(messages[2]).toMatchObject({ members: 1, held: 1, status: 'open' });
    await pay(j.body);
    await waitFor(4);
    expect(messages[3]).toMatchObject({ members: 2, held: 0, status: 'succeeded' });
    expect(messages).toHaveLength(4);
    ws.close(1000, 'done');
  });

  it('refuses a plain GET and an unknown group on the live endpoint', async () => {
    const plain = await callJson('/api/groups/g_doesNotExist2/live');
    expect([plain.status, plain.body.error.code]).toEqual([400, 'invalid_input']);
    const res = await exports.default.fetch(new Request(`${BASE}/api/groups/g_doesNotExist2/live`, { headers: { upgrade: 'websocket' } }));
    expect(res.status).toBe(404);
  });
});

describe('group links and ops', () => {
  it('a seller can link a group that exists, not one that does not', async () => {
    const s = await signupSeller();
    const p = await groupProduct();
    const gid = (await openGroup(p.id)).order.groupId;
    const ok = await callJson('/api/links', { token: s.token, body: { groupId: gid, channel: 'wechat' } });
    expect(ok.status).toBe(201);
    const missing = await callJson('/api/links', { token: s.token, body: { groupId: 'g_doesNotExist3' } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });

  it('the ops view needs ops', async () => {
    const s = await signupSeller();
    const p = await groupProduct();
    const gid = (await openGroup(p.id)).order.groupId;
    expect((await callJson(`/api/ops/groups/${gid}`)).status).toBe(401);
    expect((await callJson(`/api/ops/groups/${gid}`, { token: s.token })).status).toBe(403);
    const ops = await opsGroup(gid);
    expect(ops.seats).toHaveLength(1);
    expect(ops.seats[0].state).toBe('held');
  });
});
