// Withdrawals (提现) through the real Worker, ledger and Postgres: the ledger entry at request,
// the lock that keeps concurrent requests within the balance, the ops steps and their audit.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, commissionEntries } from '../../workers/storage/schema';
import { callJson, opsToken, signupSeller } from '../helpers';
import { balances, db, entriesOf } from '../ledger-helpers';
import { fundedSeller, method, myWithdrawals, opsStep, requestWithdrawal } from '../program-helpers';

describe('requesting a withdrawal', () => {
  it('takes the amount out of available at once, as one withdraw entry', async () => {
    const s = await fundedSeller(5000);
    expect((await balances(s.token)).available).toBe(5000);
    const r = await requestWithdrawal(s.token, 3000);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const w = r.body.withdrawal;
    expect(w).toMatchObject({ amount: { amount: 3000, currency: 'CNY' }, status: 'requested' });
    expect(w.id).toMatch(/^w_/);
    expect(w.fee.amount + w.net.amount).toBe(3000);
    expect(w.method).toEqual({ kind: 'alipay', accountMasked: '****8000', name: '张三' });
    expect(JSON.stringify(r.body)).not.toContain(method.account);

    expect(await balances(s.token)).toMatchObject({ available: 2000, paid: 3000 });
    const withdraws = (await entriesOf(s.id)).filter((e) => e.kind === 'withdraw');
    expect(withdraws.map((e) => [e.withdrawalId, e.amount])).toEqual([[w.id, 3000]]);

    const list = await myWithdrawals(s.token);
    expect(list.status).toBe(200);
    expect(list.body.balance.available.amount).toBe(2000);
    expect(list.body.balance.owed.amount).toBe(0);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([w.id]);
  });

  it('answers 409 insufficient_balance over the balance, and 400 under the minimum', async () => {
    const s = await fundedSeller(5000);
    const over = await requestWithdrawal(s.token, 5001);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('insufficient_balance');
    // The default program minimum is ¥10 (1000 fen).
    const under = await requestWithdrawal(s.token, 999);
    expect(under.status).toBe(400);
    expect(under.body.error.code).toBe('invalid_input');
    const exact = await requestWithdrawal(s.token, 1000);
    expect(exact.status).toBe(201);
    expect((await balances(s.token)).available).toBe(4000);
  });

  it('refuses a malformed method or amount with 400, and a seller with nothing with 409', async () => {
    const s = await signupSeller();
    for (const m of [{ kind: 'paypal', account: '12345678', name: 'x' }, { kind: 'bank', account: '1', name: 'x' }, { kind: 'bank', account: '1234<script>', name: 'x' }]) {
      const r = await requestWithdrawal(s.token, 2000, m);
      expect(r.status, JSON.stringify(m)).toBe(400);
    }
    expect((await callJson('/api/me/withdrawals', { token: s.token, body: { amount: { amount: -5, currency: 'CNY' }, method } })).status).toBe(400);
    const none = await requestWithdrawal(s.token, 2000);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('insufficient_balance');
  });

  it('20 concurrent requests for the whole balance: exactly one succeeds', async () => {
    const s = await fundedSeller(4000);
    const results = await Promise.all(Array.from({ length: 20 }, () => requestWithdrawal(s.token, 4000)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('insufficient_balance');
    expect(await balances(s.token)).toMatchObject({ available: 0, paid: 4000 });
    expect((await entriesOf(s.id)).filter((e) => e.kind === 'withdraw')).toHaveLength(1);
  });
});

describe('ops steps', () => {
  it('requested → approved → paid, each audited, and the seller sees it paid', async () => {
    const s = await fundedSeller(3000);
    const w = (await requestWithdrawal(s.token, 3000)).body.withdrawal;
    const queue = await callJson('/api/ops/withdrawals?status=requested&limit=100', { token: await opsToken() });
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((i: { id: string }) => i.id === w.id)).toMatchObject({ seller: { id: s.id, handle: s.handle }, status: 'requested' });

    const a = await opsStep(w.id, 'approve');
    expect(a.status).toBe(200);
    expect(a.body.withdrawal.status).toBe('approved');
    const p = await opsStep(w.id, 'mark-paid', { reference: 'ALI-2026-0001' });
    expect(p.status).toBe(200);
    expect(p.body.withdrawal).toMatchObject({ status: 'paid', reference: 'ALI-2026-0001' });
    expect(p.body.withdrawal.paidAt).not.toBeNull();

    const mine = await myWithdrawals(s.token);
    expect(mine.body.items[0]).toMatchObject({ id: w.id, status: 'paid' });
    expect(await balances(s.token)).toMatchObject({ available: 0, paid: 3000 });

    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `withdrawal:${w.id}`)).orderBy(auditLog.createdAt));
    expect(audit.map((x) => [x.action, (x.before as { status: string }).status, (x.after as { status: string }).status])).toEqual([
      ['withdrawal.approve', 'requested', 'approved'],
      ['withdrawal.mark-paid', 'approved', 'paid'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(method.account);
  });

  it('reject and fail return the money as withdraw_return entries', async () => {
    const s = await fundedSeller(6000);
    const w1 = (await requestWithdrawal(s.token, 2000)).body.withdrawal;
    const w2 = (await requestWithdrawal(s.token, 3000)).body.withdrawal;
    expect((await balances(s.token)).available).toBe(1000);

    const rej = await opsStep(w1.id, 'reject', { reason: 'name does not match the account' });
    expect(rej.status).toBe(200);
    expect(rej.body.withdrawal).toMatchObject({ status: 'rejected', reason: 'name does not match the account' });
    expect((await balances(s.token)).available).toBe(3000);

    expect((await opsStep(w2.id, 'approve')).status).toBe(200);
    const failed = await opsStep(w2.id, 'fail', { reason: 'bank returned the transfer' });
    expect(failed.status).toBe(200);
    expect(failed.body.withdrawal.status).toBe('failed');
    expect(await balances(s.token)).toMatchObject({ available: 6000, paid: 0 });

    const returns = await db((d) => d.select().from(commissionEntries).where(and(eq(commissionEntries.sellerId, s.id), eq(commissionEntries.kind, 'withdraw_return'))));
    expect(returns.map((e) => [e.withdrawalId, e.amount]).sort()).toEqual([[w1.id, 2000], [w2.id, 3000]].sort());
    const actions = await db((d) => d.select({ action: auditLog.action, target: auditLog.target }).from(auditLog).where(eq(auditLog.target, `withdrawal:${w2.id}`)));
    expect(actions.map((x) => x.action).sort()).toEqual(['withdrawal.approve', 'withdrawal.fail']);
  });

  it('illegal moves are 409 conflict and change nothing; unknown ids 404; bad bodies 400', async () => {
    const s = await fundedSeller(3000);
    const w = (await requestWithdrawal(s.token, 3000)).body.withdrawal;
    for (const [action, body] of [['mark-paid', { reference: 'x' }], ['fail', { reason: 'x' }]] as const) {
      const r = await opsStep(w.id, action, body);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('conflict');
    }
    expect((await opsStep(w.id, 'reject', { reason: 'no' })).status).toBe(200);
    for (const [action, body] of [['approve', undefined], ['reject', { reason: 'again' }]] as const) {
      expect((await opsStep(w.id, action, body)).status).toBe(409);
    }
    // Rejected once: returned once.
    expect((await entriesOf(s.id)).filter((e) => e.kind === 'withdraw_return')).toHaveLength(1);
    expect((await opsStep('w_doesnotexist1', 'approve')).status).toBe(404);
    expect((await opsStep(w.id, 'reject', {})).status).toBe(400);
    expect((await callJson('/api/ops/withdrawals/nope/approve', { token: await opsToken(), method: 'POST' })).status).toBe(400);
  });

  it('two concurrent rejects of one withdrawal return its money once', async () => {
    const s = await fundedSeller(2000);
    const w = (await requestWithdrawal(s.token, 2000)).body.withdrawal;
    const rs = await Promise.all([opsStep(w.id, 'reject', { reason: 'a' }), opsStep(w.id, 'reject', { reason: 'b' }), opsStep(w.id, 'approve')]);
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(2);
    const b = await balances(s.token);
    expect(b.available + b.paid).toBe(2000);
    expect((await entriesOf(s.id)).filter((e) => e.kind === 'withdraw_return').length).toBeLessThanOrEqual(1);
  });
});

describe('who may see what', () => {
  it('a seller sees only their own withdrawals, and the ops routes are for ops only', async () => {
    const a = await fundedSeller(2000);
    const b = await signupSeller();
    const w = (await requestWithdrawal(a.token, 2000)).body.withdrawal;
    const theirs = await myWithdrawals(b.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await callJson('/api/ops/withdrawals', { token: a.token })).status).toBe(403);
    expect((await callJson(`/api/ops/withdrawals/${w.id}/approve`, { token: a.token, method: 'POST' })).status).toBe(403);
    expect((await callJson('/api/ops/withdrawals')).status).toBe(401);
    expect((await callJson('/api/me/withdrawals')).status).toBe(401);
    expect((await callJson('/api/me/withdrawals', { token: await opsToken() })).status).toBe(403);
  });
});
