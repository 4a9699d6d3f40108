// The ops pages for groups, sellers and payouts: access, Origin checks, what they show, and
// suspension through the ledger (a suspended seller's links stop earning).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, groups } from '../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, signupSeller } from '../helpers';
import { db, entriesOfOrder, paidOrder, refFor } from '../ledger-helpers';
import { cookieOf, loginForm, opsGet, opsPost } from '../ops-desk-helpers';

const PAGES = ['/ops/groups', '/ops/groups?status=open', '/ops/sellers', '/ops/payouts'];
const auditOf = (target: string) => db((d) => d.select().from(auditLog).where(eq(auditLog.target, target)).orderBy(auditLog.createdAt));

describe('ops desk access', () => {
  it('sends anonymous visitors to sign in and refuses sellers with 403, on every page and action', async () => {
    const s = await signupSeller();
    const seller = cookieOf(await loginForm({ email: s.email, password: s.password }));
    for (const p of [...PAGES, `/ops/sellers/${s.id}`]) {
      const anon = await call(p);
      expect(anon.status, p).toBe(302);
      expect(anon.headers.get('location'), p).toBe(`/login?next=${encodeURIComponent(p)}`);
      expect((await call(p, { headers: { cookie: seller } })).status, p).toBe(403);
      expect((await call(p, { token: s.token })).status, p).toBe(403);
    }
    for (const p of [`/ops/sellers/${s.id}/suspend`, '/ops/payouts', '/ops/payouts/b_x/mark-paid']) {
      const r = await call(p, { method: 'POST', raw: '', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: seller, origin: 'http://pinlink.test' } });
      expect(r.status, p).toBe(403);
    }
    expect((await call(`/ops/payouts/b_x.csv`, { token: s.token })).status).toBe(403);
  });

  it('refuses form posts from another origin or with no origin, and changes nothing', async () => {
    const s = await signupSeller();
    const tries: Record<string, string>[] = [{ origin: 'https://evil.example' }, {}, { origin: 'null' }];
    for (const headers of tries) {
      const r = await opsPost(`/ops/sellers/${s.id}/suspend`, {}, headers);
      expect(r.status).toBe(403);
      expect((await opsPost('/ops/payouts', {}, headers)).status).toBe(403);
    }
    expect(await auditOf(`seller:${s.id}`)).toEqual([]);
    expect((await callJson('/api/me/stats', { token: s.token })).status).toBe(200);
  });

  it('answers bad input with 4xx pages, never 500', async () => {
    expect((await opsGet('/ops/groups?status=bogus')).status).toBe(400);
    expect((await opsGet('/ops/sellers/s_nobody_here')).status).toBe(404);
    expect((await opsGet('/ops/sellers/%27%3B--')).status).toBe(404);
    expect((await opsPost('/ops/sellers/s_nobody_here/suspend')).status).toBe(404);
    expect((await opsPost('/ops/payouts/b_nobody/mark-paid')).status).toBe(404);
    expect((await opsGet('/ops/payouts/b_nobody.csv')).status).toBe(404);
  });
});

describe('ops groups page', () => {
  it('lists groups with seats, deadline, auto-fill and a link, filtered by status', async () => {
    const p = await createProduct({ groupBuy: { size: 3, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 } });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    expect(r.status).toBe(201);
    const gid: string = r.body.order.groupId ?? r.body.group?.id;
    expect(gid).toBeTruthy();
    // Paid seats of an open group live in its object until the group is decided: the page asks it.
    const pay = await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
    expect(pay.status).toBe(200);
    const open = await opsGet('/ops/groups?status=open', { 'accept-language': 'en' });
    expect(open.status).toBe(200);
    expect(open.headers.get('cache-control')).toBe('private, no-store');
    const html = await open.text();
    const row = html.slice(html.indexOf(`data-group="${gid}"`), html.indexOf('</tr>', html.indexOf(`data-group="${gid}"`)));
    expect(row).toContain(`href="/g/${gid}"`);
    expect(row).toContain(p.title);
    expect(row).toContain('>1/3<');
    expect(row).toContain('>No<');
    // Another status does not show it; once the group fails (as the object records it) it moves there.
    expect(await (await opsGet('/ops/groups?status=failed')).text()).not.toContain(`data-group="${gid}"`);
    await db((d) => d.update(groups).set({ status: 'failed', autoFilled: 0, failedAt: new Date() }).where(eq(groups.id, gid)));
    const failed = await (await opsGet('/ops/groups?status=failed')).text();
    expect(failed).toContain(`data-group="${gid}"`);
    expect(failed).toContain('未成团');
    expect(await (await opsGet('/ops/groups')).text()).toContain(`data-group="${gid}"`);
  });
});

describe('ops sellers page and suspension', () => {
  it('lists sellers with clicks, orders, earnings and invitees, and shows the network as a tree', async () => {
    const a = await signupSeller();
    const b = await signupSeller({ inviteCode: a.inviteCode });
    const c = await signupSeller({ inviteCode: b.inviteCode });
    const d = await signupSeller({ inviteCode: a.inviteCode });
    const p = await createProduct({ price: { amount: 10000, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 300 } });
    await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(b.token) });
    const list = await (await opsGet('/ops/sellers', { 'accept-language': 'en' })).text();
    const rowOf = (id: string) => list.slice(list.indexOf(`data-seller="${id}"`), list.indexOf('</tr>', list.indexOf(`data-seller="${id}"`)));
    // b: one order, 10% of 100.00 (clicks reach the table when the counter flushes); a: 3% as b's inviter, two invitees.
    expect(rowOf(b.id)).toMatch(/<td class="num">[01]<\/td><td class="num">1<\/td><td class="num">CN¥10\.00<\/td><td class="num">1<\/td>/);
    expect(rowOf(a.id)).toMatch(/<td class="num">0<\/td><td class="num">0<\/td><td class="num">CN¥3\.00<\/td><td class="num">2<\/td>/);
    const tree = await (await opsGet(`/ops/sellers/${a.id}`)).text();
    const nest = (id: string) => tree.indexOf(`data-node="${id}"`);
    expect(nest(a.id)).toBeGreaterThan(-1);
    // c hangs under b, b and d under a: each invitee list is nested inside its inviter's item.
    expect(tree).toContain(`<li data-node="${b.id}"><a class="link" href="/ops/sellers/${b.id}">@${b.handle}</a><ul><li data-node="${c.id}">`);
    expect(tree).toContain(`<li data-node="${a.id}"><a class="link" href="/ops/sellers/${a.id}">@${a.handle}</a><ul><li data-node="`);
    expect(nest(d.id)).toBeGreaterThan(nest(a.id));
    expect(tree).toContain('共 4 人（含本人）');
    const cPage = await (await opsGet(`/ops/sellers/${c.id}`)).text();
    expect(cPage.indexOf(`@${b.handle}`)).toBeLessThan(cPage.indexOf(`@${a.handle}`)); // upline, nearest first
  });

  it('a suspended seller earns nothing new (neither level), loses their sessions, and it is audited; reinstating restores earning', async () => {
    const top = await signupSeller();
    const s = await signupSeller({ inviteCode: top.inviteCode });
    const invitee = await signupSeller({ inviteCode: s.inviteCode });
    const p = await createProduct({ price: { amount: 10000, currency: 'CNY' }, commission: { level1Bps: 1000, level2Bps: 300 } });
    const before = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token) });
    const earlyRef = await refFor(s.token); // a link clicked before the suspension, used after it

    const res = await opsPost(`/ops/sellers/${s.id}/suspend`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/ops/sellers/${s.id}?done=suspended`);
    expect((await callJson('/api/me/stats', { token: s.token })).status).toBe(401);
    const page = await (await opsGet(res.headers.get('location')!, { 'accept-language': 'en' })).text();
    expect(page).toContain('Suspended; their sessions have ended.');
    expect(page).toContain('Reinstate seller');
    // A repeat is a no-op: no second audit entry.
    expect((await opsPost(`/ops/sellers/${s.id}/suspend`)).headers.get('location')).toBe(`/ops/sellers/${s.id}?done=unchanged`);
    const audit = await auditOf(`seller:${s.id}`);
    expect(audit.map((e) => [e.action, e.before, (e.after as { suspended: boolean }).suspended])).toEqual([['seller.suspend', { suspended: false }, true]]);
    expect(audit[0]!.actor).toMatch(/^a_/);

    // They may sign in again (the next second: revocation cuts at whole seconds) and see what
    // they earned. Their link still takes the buyer to the product ...
    await new Promise((r) => setTimeout(r, 1100));
    const login = await loginForm({ email: s.email, password: s.password });
    const token = (await callJson('/api/auth/login', { body: { email: s.email, password: s.password } })).body.token as string;
    expect(login.status).toBe(303);
    const link = await callJson('/api/links', { token, body: { productId: p.id } });
    expect(link.status).toBe(201);
    const hop = await call(`/r/${link.body.code}`);
    expect(hop.status).toBe(302);
    expect(new URL(hop.headers.get('location')!, 'http://x').pathname).toContain(p.id);
    // ... but the sale earns no one anything, through an old link or a new one.
    const after1 = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: earlyRef });
    const after2 = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: new URL(hop.headers.get('location')!, 'http://x').searchParams.get('ref')! });
    expect(await entriesOfOrder(after1.id)).toEqual([]);
    expect(await entriesOfOrder(after2.id)).toEqual([]);
    // As an inviter they get no level-2 share; their invitee's level 1 is untouched.
    const viaInvitee = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(invitee.token) });
    expect((await entriesOfOrder(viaInvitee.id)).map((e) => [e.sellerId, e.level, e.kind, e.amount])).toEqual([[invitee.id, 1, 'accrue', 1000]]);
    // What they earned before stays.
    expect((await entriesOfOrder(before.id)).map((e) => [e.sellerId, e.level, e.amount])).toEqual([
      [s.id, 1, 1000],
      [top.id, 2, 300],
    ]);

    expect((await opsPost(`/ops/sellers/${s.id}/unsuspend`)).headers.get('location')).toBe(`/ops/sellers/${s.id}?done=unsuspended`);
    const again = await paidOrder([{ productId: p.id, quantity: 1 }], { ref: await refFor(token) });
    expect((await entriesOfOrder(again.id)).map((e) => [e.sellerId, e.level, e.amount])).toEqual([
      [s.id, 1, 1000],
      [top.id, 2, 300],
    ]);
    expect((await auditOf(`seller:${s.id}`)).map((e) => e.action)).toEqual(['seller.suspend', 'seller.unsuspend']);
    const list = await (await opsGet('/ops/sellers')).text();
    expect(list.slice(list.indexOf(`data-seller="${s.id}"`), list.indexOf('</tr>', list.indexOf(`data-seller="${s.id}"`)))).not.toContain('已停用');
  });
});
