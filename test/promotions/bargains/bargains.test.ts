// Bargains (砍价) against the real Bargain objects and Postgres: a burst of helpers lands exactly
// the cuts needed, on the floor; the owner, a second help and a closed bargain are refused without
// a Postgres statement; the deadline is the object's alarm.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bargain } from '../../../workers/objects/bargain';
import { bargainStub } from '../../../workers/services/promotions/bargains';
import { openDb } from '../../../workers/storage/db';
import { findBargainCuts, findBargainRow } from '../../../workers/storage/promotions/bargains-repo';
import { bargainCuts, bargains } from '../../../workers/storage/schema';
import { exports } from 'cloudflare:workers';
import { BASE, callJson, createProduct, opsToken } from '../../helpers';
import { appEnv, bargainProduct, buyer, help, openBargain } from './bargain-helpers';

async function pgBargain(id: string) {
  const { db, close } = openDb(appEnv);
  try {
    return { row: await findBargainRow(db, id), cuts: await findBargainCuts(db, id) };
  } finally {
    await close();
  }
}

/** Makes the object's Postgres trip on any use, and counts the tries. */
async function tripObject(id: string) {
  const touched: string[] = [];
  await runInDurableObject(bargainStub(appEnv, id), (inst: Bargain) => {
    inst.openDatabase = () => {
      touched.push('openDatabase');
      throw new Error('Postgres touched');
    };
  });
  return touched;
}

describe('bargains', () => {
  it('200 helpers at once on a bargain that needs 10: exactly 10 cuts, summing to start − floor, the price on the floor', async () => {
    const p = await bargainProduct({ price: 9900, floor: 1900, helpers: 10 });
    const owner = await buyer('owner');
    const opened = await openBargain(owner.token, { productId: p.id });
    expect(opened.status).toBe(201);
    const id = opened.body.bargain.id;
    expect(opened.body.bargain).toMatchObject({ status: 'open', helps: 0, price: { amount: 9900 }, startPrice: { amount: 9900 }, floorPrice: { amount: 1900 }, helpersNeeded: 10 });

    const helpers = await Promise.all(Array.from({ length: 200 }, () => buyer('h')));
    const results = await Promise.all(helpers.map((h) => help(id, h.token)));
    const granted = results.filter((r) => r.status === 201);
    expect(granted).toHaveLength(10);
    expect(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`)).toEqual(Array(190).fill('409 bargain_closed'));
    const cuts = granted.map((r) => r.body.cut.amount as number);
    expect(cuts.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
    expect(cuts.reduce((a, b) => a + b, 0)).toBe(8000);

    const after = (await callJson(`/api/bargains/${id}`)).body.bargain;
    expect(after).toMatchObject({ status: 'succeeded', helps: 10, price: { amount: 1900 } });
    expect(after.cuts.map((c: { amount: { amount: number } }) => c.amount.amount).sort()).toEqual([...cuts].sort());
    // Names only: no helper's email anywhere in the public bargain.
    expect(JSON.stringify(after)).not.toContain('@');

    const pg = await pgBargain(id);
    expect(pg.row?.status).toBe('succeeded');
    expect(pg.cuts).toHaveLength(10);
    expect(pg.cuts.reduce((s, c) => s + c.amount, 0)).toBe(8000);
  });

  it("the owner can't help (403), a second help is already_helped, a closed bargain is bargain_closed: none touches Postgres", async () => {
    const p = await bargainProduct({ helpers: 2 });
    const owner = await buyer('owner');
    const id = (await openBargain(owner.token, { productId: p.id })).body.bargain.id;
    const first = await buyer('h1');
    expect((await help(id, first.token, '阿花')).status).toBe(201);

    const touched = await tripObject(id);
    const own = await help(id, owner.token);
    expect([own.status, own.body.error.code]).toEqual([403, 'forbidden']);
    const again = await Promise.all(Array.from({ length: 5 }, () => help(id, first.token)));
    expect(again.map((r) => r.body.error.code)).toEqual(Array(5).fill('already_helped'));
    expect(touched).toEqual([]);

    // The last help is granted (and written); after it, a new helper is refused without Postgres.
    await runInDurableObject(bargainStub(appEnv, id), (inst: Bargain) => {
      inst.openDatabase = () => openDb(appEnv);
    });
    const last = await help(id, (await buyer('h2')).token);
    expect(last.status).toBe(201);
    expect(last.body.bargain.status).toBe('succeeded');
    const touchedAfter = await tripObject(id);
    const late = await help(id, (await buyer('h3')).token);
    expect([late.status, late.body.error.code]).toEqual([409, 'bargain_closed']);
    expect(touchedAfter).toEqual([]);
    expect((await callJson(`/api/bargains/${id}`)).body.bargain.cuts[0].helperName).toBe('阿花');
  });

  it('one open bargain per buyer and product (409 conflict), even when opened at once; another buyer may open one', async () => {
    const p = await bargainProduct();
    const owner = await buyer('owner');
    const tries = await Promise.all(Array.from({ length: 5 }, () => openBargain(owner.token, { productId: p.id })));
    expect(tries.filter((r) => r.status === 201)).toHaveLength(1);
    expect(tries.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(4).fill('conflict'));
    expect((await openBargain((await buyer('other')).token, { productId: p.id })).status).toBe(201);
  });

  it('expires at its deadline by the alarm: the object and the Postgres row, and later helps are bargain_closed', async () => {
    const p = await bargainProduct({ hours: 1 });
    const owner = await buyer('owner');
    const opened = await openBargain(owner.token, { productId: p.id });
    const id = opened.body.bargain.id;
    expect((await help(id, (await buyer('h')).token)).status).toBe(201);
    const stub = bargainStub(appEnv, id);
    const alarmAt = await runInDurableObject(stub, (_i: Bargain, state) => state.storage.getAlarm());
    expect(alarmAt).toBe(Date.parse(opened.body.bargain.expiresAt));

    // Before the deadline the alarm changes nothing.
    await runDurableObjectAlarm(stub);
    await runInDurableObject(stub, (inst: Bargain) => {
      inst.openDatabase = () => openDb(appEnv);
    });
    expect((await callJson(`/api/bargains/${id}`)).body.bargain.status).toBe('open');

    // The run above set the next alarm at the deadline again; now the clock has reached it.
    expect(await runInDurableObject(stub, (_i: Bargain, state) => state.storage.getAlarm())).toBe(alarmAt);
    await runInDurableObject(stub, (inst: Bargain) => {
      inst.now = () => Date.now() + 3_600_000 + 1_000;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await callJson(`/api/bargains/${id}`)).body.bargain.status).toBe('expired');
    expect((await pgBargain(id)).row?.status).toBe('expired');
    const late = await help(id, (await buyer('late')).token);
    expect([late.status, late.body.error.code]).toEqual([409, 'bargain_closed']);
    // Expired is not open: the owner may open a new one.
    expect((await openBargain(owner.token, { productId: p.id })).status).toBe(201);
  });

  it('the product takes a bargain offer: floor below the price with 0.01 per helper, shown on the product, removed with null', async () => {
    const ops = await opsToken();
    const bad = await callJson('/api/ops/products', { token: ops, body: { title: 'x', description: '', category: 'T', images: [], price: { amount: 1000, currency: 'CNY' }, stock: 1, commission: { level1Bps: 0, level2Bps: 0 }, bargain: { floorPrice: { amount: 995, currency: 'CNY' }, helpersNeeded: 10, durationHours: 24 } } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
    const p = await createProduct({ price: { amount: 1000, currency: 'CNY' } });
    for (const bargain of [
      { floorPrice: { amount: 1000, currency: 'CNY' }, helpersNeeded: 2, durationHours: 24 },
      { floorPrice: { amount: 500, currency: 'CNY' }, helpersNeeded: 51, durationHours: 24 },
      { floorPrice: { amount: 500, currency: 'CNY' }, helpersNeeded: 2, durationHours: 73 },
    ]) {
      const r = await callJson(`/api/ops/products/${p.id}`, { token: ops, method: 'PATCH', body: { bargain } });
      expect([r.status, r.body.error?.code]).toEqual([400, 'invalid_input']);
    }
    const ok = await callJson(`/api/ops/products/${p.id}`, { token: ops, method: 'PATCH', body: { bargain: { floorPrice: { amount: 990, currency: 'CNY' }, helpersNeeded: 10, durationHours: 2 } } });
    expect(ok.status).toBe(200);
    expect((await callJson(`/api/products/${p.id}`)).body.product.bargain).toEqual({ floorPrice: { amount: 990, currency: 'CNY' }, helpersNeeded: 10, durationHours: 2 });
    // A price change that would leave less than 0.01 per helper is refused too.
    const cheaper = await callJson(`/api/ops/products/${p.id}`, { token: ops, method: 'PATCH', body: { price: { amount: 995, currency: 'CNY' } } });
    expect(cheaper.status).toBe(400);
    expect((await callJson(`/api/ops/products/${p.id}`, { token: ops, method: 'PATCH', body: { bargain: null } })).status).toBe(200);
    expect((await callJson(`/api/products/${p.id}`)).body.product.bargain).toBeNull();
    const none = await openBargain((await buyer()).token, { productId: p.id });
    expect([none.status, none.body.error.code]).toEqual([400, 'invalid_input']);
  });

  it('a bargain known only to Postgres (the demo seed writes rows) is restored into its object, then helped to the floor', async () => {
    const p = await bargainProduct({ helpers: 3, price: 9900, floor: 1900 });
    const id = `d_${Math.random().toString(36).slice(2, 12)}restored`;
    const { db, close } = openDb(appEnv);
    try {
      await db.insert(bargains).values({ id, productId: p.id, ownerEmail: 'seeded@example.test', ownerName: '种子', startPriceAmount: 9900, floorPriceAmount: 1900, helpersNeeded: 3, expiresAt: new Date(Date.now() + 3_600_000) });
      await db.insert(bargainCuts).values({ bargainId: id, helperEmail: 'first@example.test', helperName: '阿花', amount: 1234, seq: 1, at: new Date() });
    } finally {
      await close();
    }
    const got = (await callJson(`/api/bargains/${id}`)).body.bargain;
    expect(got).toMatchObject({ status: 'open', helps: 1, price: { amount: 9900 - 1234 }, ownerName: '种子' });
    const again = await help(id, (await buyer('h')).token);
    expect(again.status).toBe(201);
    const last = await help(id, (await buyer('h')).token);
    expect(last.body.bargain).toMatchObject({ status: 'succeeded', price: { amount: 1900 }, helps: 3 });
    const pg = await pgBargain(id);
    expect(pg.cuts.map((c) => c.helperName)[0]).toBe('阿花');
    expect(pg.cuts.reduce((s, c) => s + c.amount, 0)).toBe(8000);
    expect(pg.row?.status).toBe('succeeded');
  });

  it('a WebSocket on /live gets the bargain on connect and on every cut, with names and no emails', async () => {
    const p = await bargainProduct({ helpers: 2, price: 9900, floor: 1900 });
    const owner = await buyer('owner');
    const id = (await openBargain(owner.token, { productId: p.id })).body.bargain.id;
    const res = await exports.default.fetch(new Request(`${BASE}/api/bargains/${id}/live`, { headers: { upgrade: 'websocket' } }));
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const messages: any[] = [];
    const raw: string[] = [];
    let notify = () => {};
    ws.addEventListener('message', (e) => {
      raw.push(e.data as string);
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
    expect(messages[0]).toMatchObject({ id, helps: 0, status: 'open', price: { amount: 9900 } });
    await help(id, (await buyer('h')).token, '阿花');
    await waitFor(2);
    expect(messages[1]).toMatchObject({ helps: 1, status: 'open', cuts: [{ helperName: '阿花' }] });
    await help(id, (await buyer('h')).token);
    await waitFor(3);
    expect(messages[2]).toMatchObject({ helps: 2, status: 'succeeded', price: { amount: 1900 } });
    expect(raw.join('')).not.toContain('@example.test');
    ws.close(1000, 'done');
    expect((await callJson(`/api/bargains/${id}/live`)).status).toBe(400);
  });

  it('needs a buyer session to open or help; an unknown bargain is 404', async () => {
    const p = await bargainProduct();
    expect((await callJson('/api/bargains', { body: { productId: p.id } })).status).toBe(401);
    expect((await callJson('/api/bargains/d_nosuchbargain1/help', { method: 'POST' })).status).toBe(401);
    expect((await help('d_nosuchbargain1', (await buyer()).token)).status).toBe(404);
    expect((await callJson('/api/bargains/d_nosuchbargain1')).status).toBe(404);
    expect((await callJson('/api/bargains/g_notabargain1')).status).toBe(400);
  });
});
