import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { attributeOrder, readRefToken } from '../../workers/services/links/attribution';
import { signToken } from '../../workers/services/identity/tokens';
import { call, signupSeller } from '../helpers';

const appEnv = env as unknown as AppEnv;

async function refFromClick(token: string, body: Record<string, unknown> = {}) {
  const link = await (await call('/api/links', { token, body })).json<{ code: string; id: string }>();
  const res = await call(`/r/${link.code}`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile' } });
  return { link, ref: new URL(res.headers.get('location')!).searchParams.get('ref')! };
}

const tamper = (t: string) => {
  const [h, p, s] = t.split('.');
  const claims = JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/')));
  const forged = btoa(JSON.stringify({ ...claims, sub: 's_attackerAAAAAA' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${h}.${forged}.${s}`;
};

describe('attributeOrder (tokens from real redirects)', () => {
  it('attributes from the cookie, or from the body ref when the cookie is missing', async () => {
    const s = await signupSeller();
    const { link, ref } = await refFromClick(s.token, { channel: 'douyin' });
    const expected = { sellerId: s.id, linkId: link.id, channel: 'douyin', commissionable: true };
    expect(await attributeOrder(appEnv, { cookieToken: ref })).toEqual(expected);
    expect(await attributeOrder(appEnv, { refToken: ref })).toEqual(expected);
    expect(await attributeOrder(appEnv, {})).toBeNull();
  });

  it('ignores tampered, expired, foreign-kind and garbage tokens silently', async () => {
    const s = await signupSeller();
    const { link, ref } = await refFromClick(s.token);
    const expired = await signToken(appEnv.JWT_KEYS, 'ref', { sub: s.id, lid: link.id }, -3600);
    const session = await signToken(appEnv.JWT_KEYS, 'session', { sub: 'a_x', role: 'seller' }, 3600);
    const otherKey = await signToken('k9:some-other-secret-that-is-long-enough-0123', 'ref', { sub: s.id, lid: link.id }, 3600);
    for (const bad of [tamper(ref), expired, session, otherKey, 'not.a.token', '', 'x'.repeat(5000)]) {
      expect(await readRefToken(appEnv, bad)).toBeNull();
      expect(await attributeOrder(appEnv, { cookieToken: bad })).toBeNull();
      // A bad cookie never hides a good ref.
      expect(await attributeOrder(appEnv, { cookieToken: bad, refToken: ref })).toMatchObject({ sellerId: s.id, linkId: link.id });
    }
  });

  it('takes the last click by default', async () => {
    const a = await signupSeller();
    const b = await signupSeller();
    const { ref: first } = await refFromClick(a.token);
    // iat has one-second resolution: make the second click strictly later.
    await new Promise((r) => setTimeout(r, 1_100));
    const { ref: last } = await refFromClick(b.token);
    expect((await attributeOrder(appEnv, { cookieToken: first, refToken: last }))?.sellerId).toBe(b.id);
    expect((await attributeOrder({ ...appEnv, ATTRIBUTION_MODEL: 'first_click' }, { cookieToken: first, refToken: last }))?.sellerId).toBe(a.id);
  });

  it('gives no commission on a self-purchase unless SELF_PURCHASE_COMMISSION=true', async () => {
    const s = await signupSeller();
    const { ref } = await refFromClick(s.token);
    expect(await attributeOrder(appEnv, { cookieToken: ref, buyerSellerId: s.id })).toMatchObject({ sellerId: s.id, commissionable: false });
    expect(await attributeOrder({ ...appEnv, SELF_PURCHASE_COMMISSION: 'true' }, { cookieToken: ref, buyerSellerId: s.id })).toMatchObject({ commissionable: true });
  });
});
