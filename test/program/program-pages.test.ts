// The program's pages: /ops/levels (list, create, errors) and the code and level panels on /me.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE, call, callJson, opsToken, signupSeller, uniq } from '../helpers';
import { dropLevels, setApproval } from './program-helpers';

const form = (path: string, token: string, fields: Record<string, string>, lang = 'zh-CN') =>
  call(path, {
    method: 'POST',
    token,
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'accept-language': lang },
  });
const made: string[] = [];
afterAll(() => dropLevels(made));

describe('program pages', () => {
  it('/ops/levels lists levels in both languages and creates one through the form; a taken rank is a 409 with the form again', async () => {
    const ops = await opsToken();
    const empty = await call('/ops/levels', { token: ops, headers: { 'accept-language': 'en' } });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Seller levels');
    const name = uniq('Lv');
    const created = await form('/ops/levels', ops, { name, rank: '8', boostBps: '1500', paidOrders: '', sales: '1234.5', invitees: '3' });
    expect([created.status, created.headers.get('location')]).toEqual([303, '/ops/levels?done=created']);
    const list = await callJson('/api/ops/levels', { token: ops });
    const level = list.body.items.find((l: { name: string }) => l.name === name);
    made.push(level.id);
    expect(level).toMatchObject({ rank: 8, boostBps: 1500, upgrade: { sales: { amount: 123_450, currency: 'CNY' }, invitees: 3 } });
    const zh = await (await call('/ops/levels?done=created', { token: ops })).text();
    expect(zh).toContain('分销等级');
    expect(zh).toContain('等级已创建');
    expect(zh).toContain(name);
    expect(zh).toContain('+15%');
    const taken = await form('/ops/levels', ops, { name: 'Dup', rank: '8', boostBps: '0' }, 'en');
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('rank 8 already exists');
    expect((await form('/ops/levels', ops, { name: 'Bad', rank: '12', boostBps: '0' })).status).toBe(400);
    const seller = await signupSeller();
    expect((await call('/ops/levels', { token: seller.token })).status).toBe(403);
  });

  it('/me shows the code and level panels; the form sets and replaces the code; a taken code is shown as an error', async () => {
    const [s, other] = await Promise.all([signupSeller(), signupSeller()]);
    const before = await (await call('/me', { token: s.token, headers: { 'accept-language': 'en' } })).text();
    expect(before).toContain('No code yet');
    expect(before).toContain('My level');
    const code = `Q${uniq().toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 12);
    const set = await form('/me/code', s.token, { code: code.toLowerCase() });
    expect([set.status, set.headers.get('location')]).toEqual([303, '/me#code']);
    const after = await (await call('/me', { token: s.token })).text();
    expect(after).toContain(`data-code="${code}"`);
    expect(after).toContain('换一个推广码');
    const taken = await form('/me/code', other.token, { code });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('That code is taken');
    expect((await form('/me/code', other.token, { code: 'a-b' })).status).toBe(400);
    await setApproval(other.id, 'pending');
    const pending = await (await call('/me', { token: other.token, headers: { 'accept-language': 'en' } })).text();
    expect(pending).toContain('once your account is approved');
    expect(pending).not.toContain('action="/me/code"');
  });
});
