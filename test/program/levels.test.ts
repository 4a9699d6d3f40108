// Levels (分销等级): ops define them; a seller moves up by each condition when the payment that
// meets it arrives (>=, never down); a level's boost raises only orders made after it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { db, entriesOfOrder, opsAction, refFor } from '../ledger-helpers';
import { callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';
import { buyerEmail, dropLevels, paid, sellerLevelId } from './program-helpers';

// Levels are global: the automatic ones boost nothing, so sellers of other test files that happen
// to meet them earn exactly what they did; only the manual level (no conditions) boosts.
const made: Record<string, string> = {};
const createLevel = async (body: Record<string, unknown>) => callJson('/api/ops/levels', { token: await opsToken(), body });
const auditOf = (target: string) => db((d) => d.select().from(auditLog).where(eq(auditLog.target, target)));

beforeAll(async () => {
  const specs = {
    bronze: { name: '铜牌 Bronze', rank: 1, boostBps: 0, upgrade: { paidOrders: 2 } },
    silver: { name: '银牌 Silver', rank: 2, boostBps: 0, upgrade: { sales: { amount: 50_000, currency: 'CNY' } } },
    gold: { name: '金牌 Gold', rank: 3, boostBps: 0, upgrade: { invitees: 2 } },
    manual: { name: '合伙人 Partner', rank: 9, boostBps: 5000, upgrade: {} },
  };
  for (const [key, body] of Object.entries(specs)) {
    const r = await createLevel(body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    made[key] = r.body.level.id;
  }
});
afterAll(() => dropLevels(Object.values(made)));

const stats = async (token: string) => (await callJson('/api/me/stats', { token })).body;

describe('levels (分销等级)', () => {
  it('ops create and list them; ranks are unique (also when two creates race); bad bodies are 400; every change is audited', async () => {
    const list = await callJson('/api/ops/levels', { token: await opsToken() });
    expect(list.body.items.filter((l: { id: string }) => Object.values(made).includes(l.id)).map((l: { rank: number }) => l.rank)).toEqual([1, 2, 3, 9]);
    expect(list.body.items.find((l: { id: string }) => l.id === made.silver).upgrade).toEqual({ sales: { amount: 50_000, currency: 'CNY' } });
    const dup = await createLevel({ name: 'Dup', rank: 2, boostBps: 100, upgrade: {} });
    expect([dup.status, dup.body.error?.code]).toEqual([409, 'conflict']);
    for (const bad of [{ name: 'X', rank: 11, boostBps: 0 }, { name: 'X', rank: 4, boostBps: 10_001 }, { name: '', rank: 4, boostBps: 0 }, { name: 'X', rank: 4, boostBps: 0, upgrade: { paidOrders: 0 } }]) {
      expect((await createLevel(bad)).status).toBe(400);
    }
    const race = await Promise.all(Array.from({ length: 5 }, () => createLevel({ name: uniq('R'), rank: 7, boostBps: 0, upgrade: {} })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    await dropLevels(race.filter((r) => r.status === 201).map((r) => r.body.level.id));
    expect((await auditOf(`level:${made.bronze}`)).map((a) => a.action)).toEqual(['level.create']);
    const seller = await signupSeller();
    expect((await callJson('/api/ops/levels', { token: seller.token })).status).toBe(403);
  });

  it('paid orders: exactly the threshold moves the seller up, on the payment that meets it; stats say what is missing', async () => {
    const [s, p] = await Promise.all([signupSeller(), createProduct()]);
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(s.token) });
    expect(await sellerLevelId(s.id)).toBeNull();
    const before = await stats(s.token);
    expect(before.level).toMatchObject({ name: null, rank: 0, boostBps: 0, next: { name: '铜牌 Bronze', rank: 1, missing: { paidOrders: 1 } } });
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(s.token) });
    expect(await sellerLevelId(s.id)).toBe(made.bronze);
    const after = await stats(s.token);
    // 2 × ¥99 paid: ¥500 of sales still missing for Silver.
    expect(after.level).toMatchObject({ name: '铜牌 Bronze', rank: 1, next: { rank: 2, missing: { sales: { amount: 50_000 - 2 * 9900, currency: 'CNY' } } } });
  });

  it('sales: exactly the threshold is enough, one fen less is not', async () => {
    const [s, t] = await Promise.all([signupSeller(), signupSeller()]);
    const [exact, under] = await Promise.all([createProduct({ price: { amount: 50_000, currency: 'CNY' } }), createProduct({ price: { amount: 49_999, currency: 'CNY' } })]);
    await paid({ productId: exact.id, email: buyerEmail(), ref: await refFor(s.token) });
    await paid({ productId: under.id, email: buyerEmail(), ref: await refFor(t.token) });
    expect(await sellerLevelId(s.id)).toBe(made.silver);
    expect(await sellerLevelId(t.id)).toBeNull();
  });

  it('invitees: the inviter moves up when their second invitee\'s first paid order arrives', async () => {
    const a = await signupSeller();
    const [b, c] = await Promise.all([signupSeller({ inviteCode: a.inviteCode }), signupSeller({ inviteCode: a.inviteCode })]);
    const p = await createProduct();
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(b.token) });
    expect(await sellerLevelId(a.id)).toBeNull();
    expect((await stats(a.token)).level.next).toMatchObject({ rank: 1, missing: { paidOrders: 2 } });
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(c.token) });
    expect(await sellerLevelId(a.id)).toBe(made.gold);
  });

  it('a refund never moves a seller down', async () => {
    const [s, p] = await Promise.all([signupSeller(), createProduct()]);
    const o1 = await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(s.token) });
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(s.token) });
    expect(await sellerLevelId(s.id)).toBe(made.bronze);
    await opsAction(o1.id, 'refund');
    expect(await sellerLevelId(s.id)).toBe(made.bronze);
    expect((await stats(s.token)).level).toMatchObject({ rank: 1, name: '铜牌 Bronze' });
  });

  it('a boost raises only orders made after the level was set, at both commission levels (level 2 by the inviter\'s level); ops changes are audited', async () => {
    const inviter = await signupSeller();
    const s = await signupSeller({ inviteCode: inviter.inviteCode });
    const p = await createProduct({ price: { amount: 9900, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 300 } });
    const place = async () => {
      const r = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token) }));
      expect(r.status).toBe(201);
      return r.body.order as { id: string; total: { amount: number; currency: string } };
    };
    const earlier = await place();
    const ops = await opsToken();
    for (const who of [s, inviter]) {
      const put = await callJson(`/api/ops/sellers/${who.id}/level`, { token: ops, method: 'PUT', body: { levelId: made.manual } });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
    const later = await place();
    for (const o of [earlier, later]) expect((await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total })).body.outcome).toBe('paid');
    const amounts = async (id: string) => (await entriesOfOrder(id)).filter((e) => e.kind === 'accrue').map((e) => [e.level, e.amount]);
    expect(await amounts(earlier.id)).toEqual([
      [1, 990],
      [2, 297],
    ]);
    // 1000 bps × 1.5 = 1500 bps of 9900 = 1485; 300 × 1.5 = 450 bps = 445.5 → 445.
    expect(await amounts(later.id)).toEqual([
      [1, 1485],
      [2, 445],
    ]);
    expect((await stats(s.token)).level).toMatchObject({ name: '合伙人 Partner', rank: 9, boostBps: 5000 });
    const audit = await auditOf(`seller:${s.id}`);
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([['seller.level', { levelId: null }, { levelId: made.manual }]]);
    // A higher automatic level never replaces a higher manual one: sellers never move down by themselves.
    await paid({ productId: p.id, email: buyerEmail(), ref: await refFor(s.token) });
    expect(await sellerLevelId(s.id)).toBe(made.manual);
    const missing = await callJson(`/api/ops/sellers/${s.id}/level`, { token: ops, method: 'PUT', body: { levelId: 'n_nosuchlevel' } });
    expect(missing.status).toBe(404);
    const noSeller = await callJson(`/api/ops/sellers/s_nosuchseller/level`, { token: ops, method: 'PUT', body: { levelId: null } });
    expect(noSeller.status).toBe(404);
  });
});
