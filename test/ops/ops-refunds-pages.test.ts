// The /ops/refunds page: a refund that keeps failing is flagged in words, and ops ask the provider
// again with a plain form (our own origin only) through the same audited verb as the API.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findOrderRecord } from '../../workers/storage/orders/orders-repo';
import { findRefundRequest, markRefundRequestFailed, oweRefund, REFUND_FLAG_ATTEMPTS } from '../../workers/storage/orders/refunds-repo';
import { auditLog } from '../../workers/storage/schema';
import { BASE, call, createProduct, opsToken, signupSeller } from '../helpers';
import { db, paidOrder } from '../ledger-helpers';

const form = (path: string, token: string, fields: Record<string, string> = {}, origin = BASE) =>
  call(path, { method: 'POST', token, raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });

/** A paid order whose refund is owed and was asked for REFUND_FLAG_ATTEMPTS times, each refused. */
async function flaggedRefund() {
  const p = await createProduct({ stock: 5 });
  const order = await paidOrder([{ productId: p.id, quantity: 1 }]);
  await db(async (d) => {
    await oweRefund(d, { orderId: order.id, provider: 'test', reason: 'ops_refund', amount: order.total.amount, providerPaymentId: null });
    for (let i = 0; i < REFUND_FLAG_ATTEMPTS; i++) await markRefundRequestFailed(d, order.id, 'provider refused');
  });
  return order.id;
}

const rowOf = (page: string, id: string) => {
  const start = page.indexOf(`data-refund="${id}"`);
  return start < 0 ? '' : page.slice(start, page.indexOf('</tr>', start));
};

describe('/ops/refunds', () => {
  it('is for ops only', async () => {
    expect((await call('/ops/refunds')).headers.get('location')).toBe('/login?next=%2Fops%2Frefunds');
    const s = await signupSeller();
    expect((await call('/ops/refunds', { token: s.token })).status).toBe(403);
    const id = await flaggedRefund();
    expect((await form(`/ops/refunds/${id}/retry`, s.token)).status).toBe(403);
    expect(await db((d) => findRefundRequest(d, id))).toMatchObject({ state: 'owed', attempts: REFUND_FLAG_ATTEMPTS });
  });

  it('flags a refund asked for 5 times in words, in both languages, and retries it with the form', async () => {
    const ops = await opsToken();
    const id = await flaggedRefund();

    const en = await (await call('/ops/refunds?state=flagged', { token: ops, headers: { 'accept-language': 'en' } })).text();
    expect(en).toContain('<html lang="en"');
    const row = rowOf(en, id);
    expect(row).toContain('data-flagged="true"');
    expect(row).toContain('Needs attention');
    expect(row).toContain(`asked ${REFUND_FLAG_ATTEMPTS} times or more without settling`);
    expect(row).toContain('provider refused');
    expect(row).toContain(`action="/ops/refunds/${id}/retry"`);
    const main = en.slice(en.indexOf('<main>'), en.indexOf('</main>'));
    expect(main).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await (await call('/ops/refunds?state=flagged', { token: ops })).text();
    expect(zh).toContain('<html lang="zh-CN"');
    expect(rowOf(zh, id)).toContain('需人工处理');
    // Still owed, so it is on the owed list too; a state that does not exist is a 400.
    expect(rowOf(await (await call('/ops/refunds?state=owed', { token: ops })).text(), id)).toContain('data-flagged="true"');
    expect((await call('/ops/refunds?state=lost', { token: ops })).status).toBe(400);

    // A cross-site post changes nothing.
    expect((await form(`/ops/refunds/${id}/retry`, ops, { state: 'flagged' }, 'https://evil.example')).status).toBe(403);
    expect(await db((d) => findRefundRequest(d, id))).toMatchObject({ state: 'owed', attempts: REFUND_FLAG_ATTEMPTS });

    const res = await form(`/ops/refunds/${id}/retry`, ops, { state: 'flagged' });
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    expect(to).toBe(`/ops/refunds?state=flagged&retried=${id}&sent=1`);
    // The test provider settles at once: the money is back and the order refunded.
    expect(await db((d) => findRefundRequest(d, id))).toMatchObject({ state: 'settled' });
    expect((await db((d) => findOrderRecord(d, id)))?.order.status).toBe('refunded');
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `order:${id}`)));
    expect(audit.map((a) => a.action)).toEqual(['refund.retry']);
    expect(audit[0]).toMatchObject({ before: { refund: 'owed', attempts: REFUND_FLAG_ATTEMPTS }, after: { refund: 'requested' } });

    const after = await (await call(to, { token: ops, headers: { 'accept-language': 'en' } })).text();
    expect(after).toContain(`The refund of order ${id} was asked for again.`);
    expect(rowOf(after, id)).toBe('');
    // A second post finds nothing owed: it says so and records nothing.
    const again = await form(`/ops/refunds/${id}/retry`, ops, { state: 'flagged' });
    expect(again.headers.get('location')).toBe(`/ops/refunds?state=flagged&retried=${id}&sent=0`);
    expect(await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `order:${id}`)))).toHaveLength(1);
  });
});
