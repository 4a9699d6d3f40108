// Payout batches: the approved withdrawals paid in one transfer file. Every batch in the suite is
// made in this file (tests in a file run one after another), because a batch takes every
// approved withdrawal in the database; assertions look only at this file's own withdrawals.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, commissionEntries } from '../../workers/storage/schema';
import { call, callJson, opsToken, signupSeller } from '../helpers';
import { balances, db, entriesOf, opsAction } from '../ledger-helpers';
import { opsGet, opsPost } from '../ops-desk-helpers';
import { fundedSeller, myWithdrawals, opsStep, requestWithdrawal } from '../program-helpers';

const createBatch = async () => callJson('/api/ops/payouts', { token: await opsToken(), method: 'POST' });

async function approvedWithdrawal(commission: number, amount = commission, m?: Record<string, unknown>) {
  const s = await fundedSeller(commission);
  const w = (await requestWithdrawal(s.token, amount, m)).body.withdrawal;
  expect((await opsStep(w.id, 'approve')).status).toBe(200);
  return { s, w };
}

describe('payout batches of approved withdrawals', () => {
  it('concurrent batches never carry one withdrawal twice, and write no ledger entry', async () => {
    const mine = await Promise.all([1500, 2500, 1000].map((n) => approvedWithdrawal(n)));
    const results = await Promise.all(Array.from({ length: 6 }, () => createBatch()));
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'conflict'))).toBe(true);
    const lines = results.flatMap((r) => (r.status === 201 ? r.body.lines : [])) as { withdrawalId: string; amount: { amount: number } }[];
    for (const { s, w } of mine) {
      expect(lines.filter((l) => l.withdrawalId === w.id)).toHaveLength(1);
      expect((await entriesOf(s.id)).map((e) => e.kind)).toEqual(['accrue', 'release', 'withdraw']);
      expect(await balances(s.token)).toMatchObject({ available: 0, paid: w.amount.amount });
    }
    const again = await createBatch();
    if (again.status === 201) expect(again.body.lines.some((l: { withdrawalId: string }) => mine.some((m) => m.w.id === l.withdrawalId))).toBe(false);
    else expect(again.body.error.code).toBe('conflict');
  });

  it('a requested withdrawal waits; the batch lists the net and masks the account; the CSV carries it whole', async () => {
    const waiting = await fundedSeller(2000);
    const req = (await requestWithdrawal(waiting.token, 2000)).body.withdrawal;
    const { s, w } = await approvedWithdrawal(3000, 3000, { kind: 'bank', account: '6222021234567890', name: '=HYPERLINK("http://x","pay me")' });
    const batch = await createBatch();
    expect(batch.status).toBe(201);
    expect(batch.body.lines.some((l: { withdrawalId: string }) => l.withdrawalId === req.id)).toBe(false);
    const line = batch.body.lines.find((l: { withdrawalId: string }) => l.withdrawalId === w.id);
    expect(line).toMatchObject({ sellerId: s.id, handle: s.handle, amount: { amount: w.net.amount, currency: 'CNY' }, status: 'approved', method: { kind: 'bank', accountMasked: '****7890' } });
    expect(JSON.stringify(batch.body)).not.toContain('6222021234567890');

    const csv = await call(`/api/ops/payouts/${batch.body.payout.id}.csv`, { token: await opsToken() });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('payout_id,withdrawal_id,seller_id,handle,method,account,account_name,amount,amount_minor,currency');
    const row = text.split('\r\n').find((l) => l.includes(w.id))!;
    expect(row).toBe(`${batch.body.payout.id},${w.id},${s.id},${s.handle},bank,6222021234567890,"'=HYPERLINK(""http://x"",""pay me"")",30.00,3000,CNY`);
    expect(await (await call(`/api/ops/payouts/${batch.body.payout.id}?format=csv`, { token: await opsToken() })).text()).toBe(text);
  });

  it('marking the batch paid marks its withdrawals paid, each audited; a failed one stays failed and its money returns', async () => {
    const ok = await approvedWithdrawal(2000);
    const bad = await approvedWithdrawal(2500);
    const batch = await createBatch();
    expect(batch.status).toBe(201);
    const id = batch.body.payout.id as string;
    expect((await opsStep(bad.w.id, 'fail', { reason: 'card closed' })).status).toBe(200);
    const paid = await callJson(`/api/ops/payouts/${id}/mark-paid`, { token: await opsToken(), method: 'POST' });
    expect(paid.body.payout).toMatchObject({ status: 'paid' });
    const again = await callJson(`/api/ops/payouts/${id}/mark-paid`, { token: await opsToken(), method: 'POST' });
    expect(again.body.payout.paidAt).toBe(paid.body.payout.paidAt);

    expect((await myWithdrawals(ok.s.token)).body.items[0]).toMatchObject({ id: ok.w.id, status: 'paid', reference: `payout:${id}` });
    expect((await myWithdrawals(bad.s.token)).body.items[0]).toMatchObject({ id: bad.w.id, status: 'failed' });
    expect(await balances(bad.s.token)).toMatchObject({ available: 2500, paid: 0 });
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `withdrawal:${ok.w.id}`)).orderBy(auditLog.createdAt));
    expect(audit.map((a) => a.action)).toEqual(['withdrawal.approve', 'withdrawal.mark-paid']);
    const batchAudit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `payout:${id}`)).orderBy(auditLog.createdAt));
    expect(batchAudit.map((a) => a.action)).toEqual(['payout.create', 'payout.mark_paid']);
  });

  it('ops only; bad ids are 400, unknown 404', async () => {
    const s = await signupSeller();
    expect((await callJson('/api/ops/payouts', { token: s.token, method: 'POST' })).status).toBe(403);
    expect((await callJson('/api/ops/payouts', { method: 'POST' })).status).toBe(401);
    expect((await callJson('/api/ops/payouts/b_doesNotExist1', { token: await opsToken() })).status).toBe(404);
    expect((await callJson('/api/ops/payouts/b_doesNotExist1/mark-paid', { token: await opsToken(), method: 'POST' })).status).toBe(404);
    expect((await callJson('/api/ops/payouts/o_notAPayout1', { token: await opsToken() })).body.error.code).toBe('invalid_input');
    expect((await callJson('/api/ops/payouts?limit=2', { token: await opsToken() })).status).toBe(200);
  });
});

describe('ops payouts page', () => {
  it('batches the approved withdrawals, serves the CSV to the page session, marks it paid, shows a clawback owed, and audits', async () => {
    const { s, w } = await approvedWithdrawal(2000);
    const created = await opsPost('/ops/payouts');
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toMatch(/^\/ops\/payouts\?done=created&n=\d+$/);
    const [row] = await db((d) => d.select().from(commissionEntries).where(eq(commissionEntries.withdrawalId, w.id)));
    expect(row!.kind).toBe('withdraw');
    const batchId = (await myWithdrawals(s.token)).body.items[0].payoutId as string;
    expect(batchId).toMatch(/^b_/);
    const page = await (await opsGet(created.headers.get('location')!, { 'accept-language': 'en' })).text();
    expect(page).toMatch(/Batch created for \d+ sellers?\./);
    expect(page).toContain(`data-payout="${batchId}"`);
    const csv = await opsGet(`/ops/payouts/${batchId}.csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(`${batchId},${w.id},${s.id},${s.handle},alipay,13800138000,张三,20.00,2000,CNY`);
    expect((await opsPost(`/ops/payouts/${batchId}/mark-paid`)).headers.get('location')).toBe('/ops/payouts?done=paid');
    const paidRow = (await (await opsGet('/ops/payouts')).text()).split(`data-payout="${batchId}"`)[1]!.split('</tr>')[0]!;
    expect(paidRow).toContain('已打款');
    expect(paidRow).not.toContain('mark-paid');

    // Refunded after the withdrawal: a clawback, owed as a negative available balance.
    await opsAction(s.orderId, 'refund');
    const after = await (await opsGet('/ops/payouts')).text();
    const clawRow = after.split(`data-clawback="${s.orderId}"`)[1]!.split('</tr>')[0]!;
    expect(clawRow).toContain(`@${s.handle}`);
    expect(clawRow.match(/-¥20\.00|¥-20\.00/g)?.length).toBe(2);
    const mine = await myWithdrawals(s.token);
    expect(mine.body.balance).toMatchObject({ available: { amount: 0 }, owed: { amount: 2000 } });
    expect((await requestWithdrawal(s.token, 1000)).body.error.code).toBe('insufficient_balance');
  });
});
