// Leaderboards through the API against real Postgres. Accruals are written straight into the
// ledger at chosen instants (the period's edges); invites come from real paid orders whose
// paid_at is then moved. Values are far above anything other test files earn, so the ranks
// asserted here are this file's own.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../shared/program/periods';
import { BASE, call, createProduct, callJson, signupSeller } from '../helpers';
import { db, paidOrder, refFor } from '../ledger-helpers';

const ZONE = 'Asia/Shanghai';
const BIG = 1_000_000_000;
type Seller = Awaited<ReturnType<typeof signupSeller>>;
type Item = { rank: number; handle: string; displayName: string; value: number; anonymous: boolean };

let seq = 0;
async function entry(sellerId: string, kind: 'accrue' | 'reverse' | 'clawback', amount: number, at: Date, orderId?: string) {
  const order = orderId ?? `o_lb${Date.now().toString(36)}${seq++}`;
  const from = kind === 'reverse' ? 'pending' : null;
  await db((d) =>
    d.execute(sql`insert into commission_entries (seller_id, kind, order_id, level, amount, from_bucket, created_at)
      values (${sellerId}, ${kind}, ${order}, 1, ${amount}, ${from}, ${at.toISOString()})`),
  );
  return order;
}

const board = async (b: string, p: string) => {
  const r = await callJson(`/api/leaderboards?board=${b}&period=${p}`);
  expect(r.status).toBe(200);
  return r.body as { period: { start: string; end: string }; items: Item[] };
};
const ms = (iso: Date, delta: number) => new Date(iso.getTime() + delta);

describe('GET /api/leaderboards?board=earnings', () => {
  const week = periodOf('week', new Date(), ZONE);
  let s: Seller[];

  beforeAll(async () => {
    s = await Promise.all([1, 2, 3, 4, 5].map(() => signupSeller()));
    for (const x of [s[0]!, s[1]!, s[2]!]) expect((await callJson('/api/me/leaderboard', { method: 'PUT', token: x.token, body: { optIn: true } })).status).toBe(200);
    // s0: reached BIG+500 at the week's first instant; its sale one millisecond earlier is last week's.
    await entry(s[0]!.id, 'accrue', BIG + 500, week.start);
    await entry(s[0]!.id, 'accrue', 777, ms(week.start, -1));
    // s1: the same value from a sale at 23:59 on Sunday, Shanghai time: this week, reached last.
    await entry(s[1]!.id, 'accrue', BIG + 500, ms(week.end, -60_000));
    // s2: BIG+900 less a 400 reversal of that sale (written now): the same value, reached now.
    const o = await entry(s[2]!.id, 'accrue', BIG + 900, ms(week.start, 3_600_000));
    await entry(s[2]!.id, 'reverse', 400, new Date(), o);
    // s3: not opted in; more than the others after a clawback.
    const o3 = await entry(s[3]!.id, 'accrue', BIG + 3000, ms(week.start, 60_000));
    await entry(s[3]!.id, 'clawback', -2000, new Date(), o3);
    // s4: a sale at the next week's first instant, and one reversed in full this week.
    await entry(s[4]!.id, 'accrue', BIG, week.end);
    const o4 = await entry(s[4]!.id, 'accrue', BIG * 2, ms(week.start, 5));
    await entry(s[4]!.id, 'reverse', BIG * 2, new Date(), o4);
  });

  it('ranks densely, nets reversals, keeps the edges and lists the earliest of a tie first', async () => {
    const b = await board('earnings', 'week');
    expect(b.period).toMatchObject({ start: week.start.toISOString(), end: week.end.toISOString() });
    const top = b.items.slice(0, 4);
    expect(top).toEqual([
      { rank: 1, handle: '匿名', displayName: '匿名', value: BIG + 1000, anonymous: true },
      { rank: 2, handle: s[0]!.handle, displayName: s[0]!.displayName, value: BIG + 500, anonymous: false },
      { rank: 2, handle: s[2]!.handle, displayName: s[2]!.displayName, value: BIG + 500, anonymous: false },
      { rank: 2, handle: s[1]!.handle, displayName: s[1]!.displayName, value: BIG + 500, anonymous: false },
    ]);
    // s4's only sale of the week was reversed, and next week's sale is not this week's.
    expect(b.items.some((i) => i.value === BIG)).toBe(false);
    expect(b.items.length).toBeLessThanOrEqual(50);
    expect(b.items.every((i, k) => k === 0 || i.value <= b.items[k - 1]!.value)).toBe(true);
    // Nobody anonymous leaks a name.
    expect(JSON.stringify(b.items)).not.toContain(s[3]!.handle);
  });

  it('shows the seller their own rank, and an opt-out turns them back into 匿名', async () => {
    const mine = await callJson('/api/me/leaderboard', { token: s[1]!.token });
    expect(mine.status).toBe(200);
    expect(mine.body.optIn).toBe(true);
    expect(mine.body.ranks).toContainEqual({ board: 'earnings', period: 'week', rank: 2, value: BIG + 500 });
    expect(mine.body.ranks).toContainEqual({ board: 'invites', period: 'week', rank: null, value: 0 });
    const off = await callJson('/api/me/leaderboard', { method: 'PUT', token: s[1]!.token, body: { optIn: false } });
    expect([off.status, off.body.optIn]).toEqual([200, false]);
    const b = await board('earnings', 'week');
    expect(b.items[3]).toEqual({ rank: 2, handle: '匿名', displayName: '匿名', value: BIG + 500, anonymous: true });
    expect(JSON.stringify(b.items)).not.toContain(s[1]!.handle);
  });

  it('the /leaderboard page shows the same board, with names only for those who opted in', async () => {
    const r = await call('/leaderboard?board=earnings&period=week', { headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain(`<a href="/@${s[0]!.handle}">${s[0]!.displayName}</a>`);
    expect(page).toContain('Anonymous');
    expect(page).not.toContain(s[3]!.handle);
    // An unknown board or period is the default board, not an error.
    expect((await call('/leaderboard?board=nope&period=year')).status).toBe(200);
  });

  it('answers bad input with 400 and the seller routes with 401 without a session', async () => {
    for (const q of ['', '?board=earnings', '?board=sales&period=week', '?board=earnings&period=day']) {
      const r = await callJson(`/api/leaderboards${q}`);
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_input']);
    }
    expect((await callJson('/api/me/leaderboard')).status).toBe(401);
    expect((await callJson('/api/me/leaderboard', { method: 'PUT', body: { optIn: true } })).status).toBe(401);
    const bad = await callJson('/api/me/leaderboard', { method: 'PUT', token: s[0]!.token, body: { optIn: 'yes' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
  });
});

describe('GET /api/leaderboards?board=invites', () => {
  it('counts invitees in the period of their first paid order, ties to whoever got there first', async () => {
    const week = periodOf('week', new Date(), ZONE);
    const product = await createProduct({ stock: 50 });
    const [a1, a2, a3] = await Promise.all([signupSeller(), signupSeller(), signupSeller()]);
    for (const a of [a1, a2, a3]) await callJson('/api/me/leaderboard', { method: 'PUT', token: a.token, body: { optIn: true } });
    const invitee = (a: Seller) => signupSeller({ inviteCode: a.inviteCode });
    const [b1, b2, b3, c1, c2, d1] = [await invitee(a1), await invitee(a1), await invitee(a1), await invitee(a2), await invitee(a2), await invitee(a3)];
    const sale = async (who: Seller, paidAt: Date) => {
      const o = await paidOrder([{ productId: product.id, quantity: 1 }], { ref: await refFor(who.token), addressLine: `${who.handle} road` });
      await db((d) => d.execute(sql`update orders set paid_at = ${paidAt.toISOString()} where id = ${o.id}`));
    };
    // b1 first sold last week (one millisecond before this week), so b1 counted then, not now.
    await sale(b1, ms(week.start, -1));
    await sale(b1, ms(week.start, 10_000));
    await sale(b2, week.start);
    await sale(b3, ms(week.end, -60_000)); // 23:59 on Sunday
    await sale(c1, ms(week.start, 120_000));
    await sale(c2, ms(week.start, 180_000));
    await sale(c2, ms(week.start, 240_000));
    void d1; // invited, never sold: a3 has nothing to count

    const b = await board('invites', 'week');
    const mine = b.items.filter((i) => [a1.handle, a2.handle, a3.handle].includes(i.handle));
    expect(mine.map((i) => [i.handle, i.value])).toEqual([
      [a2.handle, 2],
      [a1.handle, 2],
    ]);
    expect(mine[0]!.rank).toBe(mine[1]!.rank);

    const me = await callJson('/api/me/leaderboard', { token: a1.token });
    expect(me.body.ranks).toContainEqual({ board: 'invites', period: 'week', rank: mine[1]!.rank, value: 2 });
    const a3rank = await callJson('/api/me/leaderboard', { token: a3.token });
    expect(a3rank.body.ranks).toContainEqual({ board: 'invites', period: 'week', rank: null, value: 0 });
  });
});

describe('the opt-in on /me', () => {
  it('the form turns the name on and off, from the seller\'s own page only', async () => {
    const s = await signupSeller();
    const login = await call('/login', { method: 'POST', raw: new URLSearchParams({ email: s.email, password: s.password }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
    const cookie = /pinlink_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const post = (fields: Record<string, string>, origin = BASE) =>
      call('/me/leaderboard', { method: 'POST', raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie } });
    const optIn = async () => (await callJson('/api/me/leaderboard', { token: s.token })).body.optIn;
    expect(await optIn()).toBe(false);
    const on = await post({ optIn: '1' });
    expect([on.status, on.headers.get('location')]).toEqual([303, '/me#rank']);
    expect(await optIn()).toBe(true);
    expect((await post({}, 'https://evil.example')).status).toBe(403);
    expect(await optIn()).toBe(true);
    await post({});
    expect(await optIn()).toBe(false);
    const page = await (await call('/me', { headers: { cookie, 'accept-language': 'en' } })).text();
    expect(page).toContain('data-rank-panel');
    expect(page).toContain('The leaderboards show you as “Anonymous”.');
  });
});
