// The program's pages through the real Worker: the seller's withdrawal form, the ops queue's
// steps, the settings form and seller approval, in both languages where they speak.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program/program-schemas';
import { auditLog } from '../../workers/storage/schema';
import { BASE, call, callJson, opsToken, signupSeller } from '../helpers';
import { balances, db } from '../ledger-helpers';
import { opsGet, opsPost } from '../ops-desk-helpers';
import { fundedSeller, myWithdrawals } from '../program-helpers';

const sellerCookie = (token: string) => `pinlink_session=${token}`;
const sellerPost = (token: string, path: string, fields: Record<string, string>) =>
  call(path, { method: 'POST', raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie: sellerCookie(token) } });
const sellerGet = (token: string, path: string, lang = 'zh-CN') => call(path, { headers: { cookie: sellerCookie(token), 'accept-language': lang } });

describe('/me/withdrawals', () => {
  it('shows the balance and an empty list, takes a request, masks the account, and refuses bad input in words', async () => {
    const s = await fundedSeller(2500);
    const empty = await (await sellerGet(s.token, '/me/withdrawals')).text();
    expect(empty).toContain('还没有提现记录');
    expect(empty).toContain('¥25.00');
    expect(await (await sellerGet(s.token, '/me/withdrawals', 'en')).text()).toContain('No withdrawals yet');

    const tooMuch = await sellerPost(s.token, '/me/withdrawals', { amount: '25.01', kind: 'bank', account: '6222021234567890', name: '张三' });
    expect(tooMuch.status).toBe(409);
    const tooMuchText = await tooMuch.text();
    expect(tooMuchText).toContain('超过了可提现余额');
    expect(tooMuchText).not.toContain('6222021234567890');
    expect((await sellerPost(s.token, '/me/withdrawals', { amount: 'abc', kind: 'bank', account: '6222021234567890', name: '张三' })).status).toBe(400);
    expect((await sellerPost(s.token, '/me/withdrawals', { amount: '9.99', kind: 'bank', account: '6222021234567890', name: '张三' })).status).toBe(400);
    expect((await sellerPost(s.token, '/me/withdrawals', { amount: '10', kind: 'paypal', account: '6222021234567890', name: '张三' })).status).toBe(400);

    const ok = await sellerPost(s.token, '/me/withdrawals', { amount: '25.00', kind: 'bank', account: '6222021234567890', name: '张三' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/me/withdrawals?done=requested');
    const page = await (await sellerGet(s.token, '/me/withdrawals?done=requested')).text();
    expect(page).toContain('****7890');
    expect(page).not.toContain('6222021234567890');
    expect(page).toContain('待审核');
    expect(await balances(s.token)).toMatchObject({ available: 0, paid: 2500 });

    // Cross-site posts and other roles are refused.
    const cross = await call('/me/withdrawals', { method: 'POST', raw: 'amount=10', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.test', cookie: sellerCookie(s.token) } });
    expect(cross.status).toBe(403);
    expect((await call('/me/withdrawals')).status).toBe(302);
  });

  it('shows a pending seller a plain note on /me', async () => {
    const s = await signupSeller();
    const me = await (await sellerGet(s.token, '/me')).text();
    expect(me).not.toContain('data-approval');
    expect(me).toContain('href="/me/withdrawals"');
  });
});

describe('/ops/withdrawals', () => {
  it('lists by state and moves a withdrawal through approve and mark-paid, with notices; a repeat is a conflict notice', async () => {
    const s = await fundedSeller(3000);
    await sellerPost(s.token, '/me/withdrawals', { amount: '30', kind: 'alipay', account: 'zhang@alipay.test', name: '张三' });
    const id = (await myWithdrawals(s.token)).body.items[0].id as string;
    const queue = await (await opsGet('/ops/withdrawals?status=requested')).text();
    expect(queue).toContain(`data-withdrawal="${id}"`);
    expect(queue).toContain('****test');
    expect(queue).not.toContain('zhang@alipay.test');

    const approve = await opsPost(`/ops/withdrawals/${id}/approve`);
    expect(approve.headers.get('location')).toBe('/ops/withdrawals?done=approve');
    expect(await (await opsGet('/ops/withdrawals?done=approve', { 'accept-language': 'en' })).text()).toContain('Approved.');
    expect((await opsPost(`/ops/withdrawals/${id}/approve`)).headers.get('location')).toBe('/ops/withdrawals?done=conflict');
    expect((await opsPost(`/ops/withdrawals/${id}/mark-paid`, { reference: '' })).headers.get('location')).toBe('/ops/withdrawals?done=missing');
    expect((await opsPost(`/ops/withdrawals/${id}/mark-paid`, { reference: 'ALI-1' })).headers.get('location')).toBe('/ops/withdrawals?done=mark-paid');
    expect((await myWithdrawals(s.token)).body.items[0]).toMatchObject({ status: 'paid', reference: 'ALI-1' });
    expect((await opsPost('/ops/withdrawals/w_nope000000/approve')).status).toBe(404);
    expect((await opsGet('/ops/withdrawals?status=whatever')).status).toBe(200);
  });
});

describe('/ops/program and approval on /ops/sellers', () => {
  it('saves the settings form (audited), refuses a bad one with the reason, and approves a pending seller from the list', async () => {
    try {
      const form = { enrollment: 'approval', spendThreshold: '', bindingMode: 'first', bindingDays: '', minAmount: '10.00', feeBps: '0', percentOff: '5', maxDiscount: '' };
      const bad = await opsPost('/ops/program', { ...form, enrollment: 'after_spend' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('spendThreshold');
      const saved = await opsPost('/ops/program', form);
      expect(saved.headers.get('location')).toBe('/ops/program?done=saved');
      const s = await signupSeller();
      // Back to the defaults at once: the settings are one row for every test file.
      expect((await callJson('/api/ops/program', { token: await opsToken(), method: 'PUT', body: DEFAULT_PROGRAM_SETTINGS })).status).toBe(200);
      expect(s.approval).toBe('pending');
      const page = await (await opsGet('/ops/program')).text();
      expect(page).toContain('分销规则');

      const pending = await (await opsGet('/ops/sellers?approval=pending')).text();
      expect(pending).toContain(`data-seller="${s.id}"`);
      expect(pending).toContain(`action="/ops/sellers/${s.id}/approve"`);
      const me = await (await sellerGet(s.token, '/me')).text();
      expect(me).toContain('data-approval="pending"');
      const approved = await opsPost(`/ops/sellers/${s.id}/approve`);
      expect(approved.headers.get('location')).toBe(`/ops/sellers/${s.id}?done=approved`);
      expect((await opsPost(`/ops/sellers/${s.id}/approve`)).headers.get('location')).toBe(`/ops/sellers/${s.id}?done=unchanged`);
      expect(await (await opsGet('/ops/sellers?approval=pending')).text()).not.toContain(`data-seller="${s.id}"`);
      const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `seller:${s.id}`)));
      expect(audit.map((a) => a.action)).toEqual(['seller.approve']);
    } finally {
      await callJson('/api/ops/program', { token: await opsToken(), method: 'PUT', body: DEFAULT_PROGRAM_SETTINGS });
    }
  });
});
