// Every ops change, through the console or the JSON API, writes its audit entry in the
// transaction that makes the change: the API's order and product verbs are audited, and when the
// audit entry cannot be written (a fault injected in Postgres) the change does not land either.
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, refundRequests } from '../../workers/storage/schema';
import { BASE, call, callJson, createProduct, opsToken, productBody, uniq } from '../helpers';
import { db, paidOrder } from '../ledger-helpers';

const auditOf = (target: string) => db((d) => d.select().from(auditLog).where(eq(auditLog.target, target)).orderBy(desc(auditLog.createdAt)));
const api = async (path: string, body?: unknown, method = 'POST', headers: Record<string, string> = {}) => callJson(path, { method, token: await opsToken(), body, headers });
const form = async (path: string, fields: Record<string, string>) =>
  call(path, { method: 'POST', token: await opsToken(), raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
const orderOf = async (id: string) => (await api(`/api/orders/${id}`, undefined, 'GET')).body.order;

// Audit inserts for targets listed in this table fail, as a full disk or a lost connection would.
beforeAll(async () => {
  await db(async (d) => {
    await d.execute(sql`create table if not exists test_audit_faults (target text primary key)`);
    await d.execute(sql`create or replace function test_audit_fault() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from test_audit_faults f where f.target = new.target) then raise exception 'audit fault injected for %', new.target; end if;
        return new;
      end $$`);
    await d.execute(sql`drop trigger if exists test_audit_fault on audit_log`);
    await d.execute(sql`create trigger test_audit_fault before insert on audit_log for each row execute function test_audit_fault()`);
  });
});
afterAll(async () => {
  await db((d) => d.execute(sql`drop trigger if exists test_audit_fault on audit_log`));
});
const failAuditFor = (target: string) => db((d) => d.execute(sql`insert into test_audit_faults (target) values (${target}) on conflict do nothing`));

describe('ops API actions are audited', () => {
  it('ship, deliver and refund through /api/ops/orders/* each write an entry with before and after', async () => {
    const p = await createProduct({ stock: 5 });
    const o = await paidOrder([{ productId: p.id, quantity: 1 }]);
    expect((await api(`/api/ops/orders/${o.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF42' })).status).toBe(200);
    expect((await api(`/api/ops/orders/${o.id}/deliver`)).status).toBe(200);
    const r = await paidOrder([{ productId: p.id, quantity: 1 }]);
    expect((await api(`/api/ops/orders/${r.id}/refund`)).status).toBe(200);

    const shipped = await auditOf(`order:${o.id}`);
    expect(shipped.map((a) => [a.action, a.before, a.after]).reverse()).toEqual([
      ['order.ship', { status: 'paid' }, { status: 'shipped', shipment: { carrier: 'SF Express', trackingNumber: 'SF42' } }],
      ['order.deliver', { status: 'shipped', shipment: { carrier: 'SF Express', trackingNumber: 'SF42' } }, { status: 'delivered', shipment: { carrier: 'SF Express', trackingNumber: 'SF42' } }],
    ]);
    expect(shipped.every((a) => a.actor.length > 0)).toBe(true);
    const refunded = await auditOf(`order:${r.id}`);
    expect(refunded.map((a) => [a.action, a.before, a.after])).toEqual([['order.refund', { status: 'paid' }, { status: 'paid', refundRequested: true }]]);
  });

  it('product create and patch through /api/ops/products write an entry; a replayed patch writes none', async () => {
    const created = await api('/api/ops/products', productBody({ title: uniq('Audited ') }));
    expect(created.status).toBe(201);
    const id = created.body.product.id as string;
    const key = uniq('chg-');
    for (let i = 0; i < 2; i++) expect((await api(`/api/ops/products/${id}`, { stockDelta: 2 }, 'PATCH', { 'idempotency-key': key })).status).toBe(200);
    const entries = (await auditOf(`product:${id}`)).reverse();
    expect(entries.map((e) => e.action)).toEqual(['product.create', 'product.update']);
    expect(entries[0]!.before).toBeNull();
    expect((entries[0]!.after as { title: string }).title).toBe(created.body.product.title);
    expect([(entries[1]!.before as { stock: number }).stock, (entries[1]!.after as { stock: number }).stock]).toEqual([
      created.body.product.stock,
      created.body.product.stock + 2,
    ]);
  });
});

describe('the audit entry and the change are one transaction', () => {
  it('an order action whose audit entry fails leaves the order as it was (API and console)', async () => {
    const p = await createProduct({ stock: 5 });
    const o = await paidOrder([{ productId: p.id, quantity: 1 }]);
    await failAuditFor(`order:${o.id}`);
    const viaApi = await api(`/api/ops/orders/${o.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF43' });
    expect(viaApi.status).toBeGreaterThanOrEqual(500);
    const viaPage = await form(`/ops/orders/${o.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF43' });
    expect(viaPage.status).toBeGreaterThanOrEqual(500);
    const refund = await api(`/api/ops/orders/${o.id}/refund`);
    expect(refund.status).toBeGreaterThanOrEqual(500);
    const now = await orderOf(o.id);
    expect([now.status, now.shipment, now.refundRequested, now.payment.status]).toEqual(['paid', null, false, 'succeeded']);
    expect(await db((d) => d.select().from(refundRequests).where(eq(refundRequests.orderId, o.id)))).toEqual([]);
    expect(await auditOf(`order:${o.id}`)).toEqual([]);
  });

  it('a product patch whose audit entry fails changes nothing', async () => {
    const p = await createProduct({ stock: 5 });
    await failAuditFor(`product:${p.id}`);
    expect((await api(`/api/ops/products/${p.id}`, { title: 'Never saved', stockDelta: 3 }, 'PATCH')).status).toBeGreaterThanOrEqual(500);
    expect((await callJson(`/api/products/${p.id}`)).body.product).toMatchObject({ title: p.title, stock: 5 });
    expect((await auditOf(`product:${p.id}`)).map((e) => e.action)).toEqual(['product.create']);
  });
});
