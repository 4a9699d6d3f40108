// Enrollment in its three modes and the program settings it reads. The settings are one row for
// the whole database, so every test here that changes them does so for the shortest stretch it
// can (orders are placed first, the mode is set, the calls under test run, the defaults return).
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from '../../shared/program/program-schemas';
import { auditLog } from '../../workers/storage/schema';
import { orderFor, refToken, signInBuyer } from '../buyer-helpers';
import { callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';
import { db, entriesOf, opsAction, paidOrder } from '../ledger-helpers';
import { fundedSeller, myWithdrawals, requestWithdrawal } from '../program-helpers';

const putProgram = async (body: unknown) => callJson('/api/ops/program', { token: await opsToken(), method: 'PUT', body });

async function withProgram<T>(patch: Partial<ProgramSettings>, fn: () => Promise<T>): Promise<T> {
  const r = await putProgram({ ...DEFAULT_PROGRAM_SETTINGS, ...patch });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  try {
    return await fn();
  } finally {
    await putProgram(DEFAULT_PROGRAM_SETTINGS);
  }
}

const decide = async (id: string, d: 'approve' | 'reject') => callJson(`/api/ops/sellers/${id}/${d}`, { token: await opsToken(), method: 'POST' });
const become = (token: string) => callJson('/api/buyer/become-seller', { token, body: { handle: uniq('bs_').toLowerCase().slice(0, 30), displayName: '新卖家', password: 'correct-horse-battery' } });

afterAll(async () => {
  await putProgram(DEFAULT_PROGRAM_SETTINGS);
});

describe('program settings', () => {
  it('reads, validates, replaces and audits the settings; ops only', async () => {
    const got = await callJson('/api/ops/program', { token: await opsToken() });
    expect(got.status).toBe(200);
    expect(got.body.program).toMatchObject({ enrollment: expect.any(String), withdrawals: { minAmount: { currency: 'CNY' } } });

    for (const bad of [
      { ...DEFAULT_PROGRAM_SETTINGS, enrollment: 'after_spend' },
      { ...DEFAULT_PROGRAM_SETTINGS, withdrawals: { minAmount: { amount: 100, currency: 'CNY' }, feeBps: 2001 } },
      { ...DEFAULT_PROGRAM_SETTINGS, binding: { mode: 'sometimes', days: 3 } },
      { ...DEFAULT_PROGRAM_SETTINGS, codes: { percentOff: 51 } },
    ]) {
      const r = await putProgram(bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
    }

    const next: ProgramSettings = { ...DEFAULT_PROGRAM_SETTINGS, withdrawals: { minAmount: { amount: 1000, currency: 'CNY' }, feeBps: 0 }, binding: { mode: 'first', days: null } };
    const saved = await withProgram(next, async () => (await callJson('/api/ops/program', { token: await opsToken() })).body.program);
    expect(saved).toEqual(next);
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.action, 'program.update')));
    expect(audit.map((a) => a.after)).toContainEqual(next);

    const s = await signupSeller();
    expect((await callJson('/api/ops/program', { token: s.token })).status).toBe(403);
    expect((await callJson('/api/ops/program', { token: s.token, method: 'PUT', body: DEFAULT_PROGRAM_SETTINGS })).status).toBe(403);
    expect((await callJson('/api/ops/program')).status).toBe(401);
  });
});

describe('withdrawal terms', () => {
  it('takes the fee and the minimum from the settings at request time: fee = floor(amount × feeBps / 10000)', async () => {
    const s = await fundedSeller(3333);
    const terms = { withdrawals: { minAmount: { amount: 2000, currency: 'CNY' as const }, feeBps: 2000 } };
    const [under, w] = await withProgram(terms, async () => [await requestWithdrawal(s.token, 1999), await requestWithdrawal(s.token, 3333)]);
    expect(under!.status).toBe(400);
    expect(w!.status).toBe(201);
    // 3333 × 20% = 666.6 → 666; the seller receives 2667.
    expect(w!.body.withdrawal).toMatchObject({ amount: { amount: 3333 }, fee: { amount: 666 }, net: { amount: 2667 } });
    // Fixed when requested: the settings moving back changes nothing.
    expect((await myWithdrawals(s.token)).body.items[0]).toMatchObject({ fee: { amount: 666 }, net: { amount: 2667 } });
  });
});

describe('open', () => {
  it('a new seller is approved at once, by signup or from a buyer account', async () => {
    const s = await signupSeller();
    expect(s.approval).toBe('approved');
    const email = `${uniq('open')}@buyer.test`;
    const r = await become(await signInBuyer(email));
    expect(r.status).toBe(201);
    expect(r.body.seller.approval).toBe('approved');
  });
});

describe('approval', () => {
  it('a new seller is pending: no links, no commission at level 1 or 2, until ops approve', async () => {
    const inviter = await withProgram({ enrollment: 'approval' }, () => signupSeller());
    expect(inviter.approval).toBe('pending');
    const invitee = await signupSeller({ inviteCode: inviter.inviteCode });
    expect(invitee.approval).toBe('approved');

    const link = await callJson('/api/links', { token: inviter.token, body: {} });
    expect(link.status).toBe(403);
    expect(link.body.error.code).toBe('forbidden');
    const me = await callJson('/api/me/stats', { token: inviter.token });
    expect(me.status).toBe(200);

    // A sale attributed to the pending seller (a ref they carried) still goes through, attributed, and earns nobody.
    const p = await createProduct({ price: { amount: 10000, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 500 } });
    const own = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refToken(inviter.id), buyerEmail: `${uniq('b')}@buyer.test` });
    const view = await callJson(`/api/orders/${own.id}`, { token: own.token });
    expect(view.body.order.status).toBe('paid');
    // The invitee's sale earns the invitee level 1, and the pending inviter no level 2.
    const viaInvitee = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refToken(invitee.id), buyerEmail: `${uniq('b')}@buyer.test` });
    expect(await entriesOf(inviter.id)).toEqual([]);
    expect((await entriesOf(invitee.id)).map((e) => [e.orderId, e.level, e.amount])).toEqual([[viaInvitee.id, 1, 1000]]);

    const ok = await decide(inviter.id, 'approve');
    expect(ok.status).toBe(200);
    expect(ok.body.seller.approval).toBe('approved');
    expect((await callJson('/api/links', { token: inviter.token, body: {} })).status).toBe(201);
    const after = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refToken(invitee.id), buyerEmail: `${uniq('b')}@buyer.test` });
    expect((await entriesOf(inviter.id)).map((e) => [e.orderId, e.level, e.amount])).toEqual([[after.id, 2, 500]]);
  });

  it('ops reject a pending seller, may approve them later, and every decision is audited; illegal ones are 409', async () => {
    const s = await withProgram({ enrollment: 'approval' }, () => signupSeller());
    expect((await decide(s.id, 'reject')).body.seller.approval).toBe('rejected');
    expect((await decide(s.id, 'reject')).status).toBe(409);
    expect((await callJson('/api/links', { token: s.token, body: {} })).status).toBe(403);
    expect((await decide(s.id, 'approve')).body.seller.approval).toBe('approved');
    const again = await decide(s.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect((await decide('s_doesNotExist01', 'approve')).status).toBe(404);
    expect((await decide('nope', 'approve')).status).toBe(400);
    expect((await callJson(`/api/ops/sellers/${s.id}/approve`, { token: s.token, method: 'POST' })).status).toBe(403);
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `seller:${s.id}`)).orderBy(auditLog.createdAt));
    expect(audit.map((a) => [a.action, (a.before as { approval: string }).approval, (a.after as { approval: string }).approval])).toEqual([
      ['seller.reject', 'pending', 'rejected'],
      ['seller.approve', 'rejected', 'approved'],
    ]);
  });

  it('a buyer becoming a seller under approval is pending too', async () => {
    const token = await signInBuyer(`${uniq('ap')}@buyer.test`);
    const r = await withProgram({ enrollment: 'approval' }, () => become(token));
    expect(r.status).toBe(201);
    expect(r.body.seller.approval).toBe('pending');
  });
});

describe('after_spend', () => {
  it('opens exactly at the threshold of paid, unrefunded orders; the plain signup is closed', async () => {
    const p = await createProduct({ price: { amount: 9900, currency: 'CNY' }, stock: 20 });
    const exact = `${uniq('ex')}@buyer.test`;
    const short = `${uniq('sh')}@buyer.test`;
    await orderFor(exact, { productId: p.id, until: 'paid' });
    await orderFor(exact, { productId: p.id, until: 'delivered' });
    await orderFor(short, { productId: p.id, until: 'paid' });
    const refunded = await orderFor(short, { productId: p.id, until: 'paid' });
    await opsAction(refunded.id, 'refund');
    const [exactToken, shortToken] = await Promise.all([signInBuyer(exact), signInBuyer(short)]);

    const threshold = { amount: 19800, currency: 'CNY' as const };
    const [atThreshold, under, signup, oneMore] = await withProgram({ enrollment: 'after_spend', spendThreshold: threshold }, async () => [
      await become(exactToken),
      await become(shortToken),
      await callJson('/api/auth/signup', { body: { email: `${uniq('su')}@example.test`, password: 'correct-horse-battery', handle: uniq('su_').toLowerCase().slice(0, 30), displayName: 'x' } }),
      await withProgram({ enrollment: 'after_spend', spendThreshold: { amount: 9901, currency: 'CNY' } }, () => become(shortToken)),
    ]);
    expect(atThreshold!.status, JSON.stringify(atThreshold!.body)).toBe(201);
    expect(atThreshold!.body.seller.approval).toBe('approved');
    // 9900 paid and kept, 9900 refunded: 9900 < 19800, and 9900 < 9901 by one fen.
    expect(under!.status).toBe(403);
    expect(under!.body.error.code).toBe('forbidden');
    expect(oneMore!.status).toBe(403);
    expect(signup!.status).toBe(403);
  });
});
