import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CODE_LIMITS, CODE_TTL_MS } from '../../workers/services/buyers/buyer-auth';
import { deliverPendingEmails, dropExpiredCodeEmails } from '../../workers/services/email/emails';
import type { AppEnv } from '../../workers/env';
import { signToken } from '../../workers/services/identity/tokens';
import { openDb } from '../../workers/storage/db';
import { TEST_BINDINGS } from '../bindings';
import { devFetch, latestCode, orderFor, outbox, refToken, signInBuyer } from '../buyer-helpers';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import resendError from '../fixtures/resend/error-429.json';
import resendOk from '../fixtures/resend/send-email-200.json';
import { BASE, call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

const newEmail = () => `${uniq('buyer')}@example.test`;

describe('buyer sign-in by code', () => {
  it('emails a 6-digit code to the outbox; the code opens a buyer session once', async () => {
    const email = newEmail();
    expect((await callJson('/api/buyer/code', { body: { email: email.toUpperCase() } })).status).toBe(202);
    const [msg] = await outbox(email);
    expect(msg).toMatchObject({ to: email, code: expect.stringMatching(/^\d{6}$/) });
    expect(msg!.text).toContain(msg!.code);
    const first = await callJson('/api/buyer/session', { body: { email, code: msg!.code } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ token: expect.any(String), role: 'buyer' });
    expect(first.res.headers.get('set-cookie')).toContain('pinlink_buyer=');
    const again = await callJson('/api/buyer/session', { body: { email, code: msg!.code } });
    expect(again.status).toBe(401);
  });

  it('lets exactly one of two concurrent uses of a code through', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const code = await latestCode(email);
    const rs = await Promise.all([1, 2, 3].map(() => callJson('/api/buyer/session', { body: { email, code } })));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('refuses wrong and replaced codes with 401, then guessing with 429', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const old = await latestCode(email);
    await callJson('/api/buyer/code', { body: { email } });
    const current = await latestCode(email);
    if (old !== current) expect((await callJson('/api/buyer/session', { body: { email, code: old } })).status).toBe(401);
    const wrong = current === '000000' ? '000001' : '000000';
    for (let i = (old !== current ? 1 : 0); i < CODE_LIMITS.guessesPerEmail; i++) {
      expect((await callJson('/api/buyer/session', { body: { email, code: wrong } })).status).toBe(401);
    }
    const limited = await callJson('/api/buyer/session', { body: { email, code: current } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.res.headers.get('retry-after')).toBeTruthy();
    expect((await callJson('/api/buyer/session', { body: { email, code: '12ab' } })).status).toBe(400);
  });

  it('compares at most the limit of concurrent wrong codes, and then refuses the right one', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const code = await latestCode(email);
    const wrong = code === '000000' ? '000001' : '000000';
    // An address of its own, so the per-address limit shared with other tests plays no part.
    const headers = { 'cf-connecting-ip': `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    const rs = await Promise.all(Array.from({ length: 40 }, () => callJson('/api/buyer/session', { body: { email, code: wrong }, headers })));
    const statuses = rs.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(CODE_LIMITS.guessesPerEmail);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - CODE_LIMITS.guessesPerEmail);
    expect((await callJson('/api/buyer/session', { body: { email, code }, headers })).status).toBe(429);
  });

  it('refuses an expired code', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const code = await latestCode(email);
    const { db, close } = openDb(env as unknown as AppEnv);
    await db.execute(`update buyer_codes set expires_at = now() - interval '1 second' where email = '${email}'`);
    await close();
    expect((await callJson('/api/buyer/session', { body: { email, code } })).status).toBe(401);
  });

  it('keeps the outbox route to development, and buyer tokens apart from seller tokens', async () => {
    expect((await devFetch(`/api/dev/outbox?to=a@b.test`, 'staging')).status).toBe(404);
    expect((await call(`/api/dev/outbox?to=a@b.test`)).status).toBe(404);
    const seller = await signupSeller();
    expect((await callJson('/api/buyer/orders', { token: seller.token })).status).toBe(401);
    const buyer = await signInBuyer(newEmail());
    expect((await callJson('/api/me/stats', { token: buyer })).status).toBe(401);
    expect((await callJson('/api/buyer/orders')).status).toBe(401);
  });
});

describe('buyer sessions end at logout', () => {
  it('POST /api/buyer/logout answers 204, and the token gets 401 from then on, wherever it was copied', async () => {
    const token = await signInBuyer(newEmail());
    expect((await callJson('/api/buyer/orders', { token })).status).toBe(200);
    const out = await call('/api/buyer/logout', { token, method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/pinlink_buyer=;/);
    expect((await callJson('/api/buyer/orders', { token })).status).toBe(401);
    expect((await call('/account', { headers: { cookie: `pinlink_buyer=${token}` } })).headers.get('location')).toBe('/account/login');
    expect((await call('/api/buyer/logout', { token, method: 'POST' })).status).toBe(401);
    expect((await call('/api/buyer/logout', { method: 'POST' })).status).toBe(401);
  });

  it('the /account/logout form revokes the session too; other sessions of the email go on', async () => {
    const email = newEmail();
    const token = await signInBuyer(email);
    const other = await signInBuyer(email);
    const out = await call('/account/logout', { method: 'POST', raw: '', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie: `pinlink_buyer=${token}` } });
    expect(out.status).toBe(303);
    expect((await callJson('/api/buyer/orders', { token })).status).toBe(401);
    expect((await callJson('/api/buyer/orders', { token: other })).status).toBe(200);
  });

  it('refuses a buyer token without a session id', async () => {
    const legacy = await signToken(TEST_BINDINGS.JWT_KEYS, 'buyer', { sub: newEmail() }, 3600);
    expect((await callJson('/api/buyer/orders', { token: legacy })).status).toBe(401);
  });
});

describe('buyer orders and order emails', () => {
  it('lists only the orders placed with the email, with timelines, and queues the order emails', async () => {
    const email = newEmail();
    const mine = await orderFor(email, { until: 'shipped' });
    await orderFor(newEmail(), { until: 'paid' });
    const token = await signInBuyer(email);
    const r = await callJson('/api/buyer/orders', { token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((o: any) => o.id)).toEqual([mine.id]);
    expect(r.body.items[0].timeline.map((t: any) => t.status)).toEqual(['pending_payment', 'paid', 'shipped']);
    const subjects = (await outbox(email)).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining([`订单已确认 ${mine.id}`, `订单已发货 ${mine.id}`]));
  });

  it('writes order emails in the language the buyer ordered in', async () => {
    const p = await createProduct({ stock: 5 });
    const email = newEmail();
    const key = uniq('lang-');
    const r = await callJson('/api/orders', {
      body: orderBody([{ productId: p.id, quantity: 1 }], { buyer: { email, name: 'Ann Lee' } }),
      headers: { 'idempotency-key': key, 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(r.status).toBe(201);
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total })).status).toBe(200);
    const subjects = (await outbox(email)).map((m) => m.subject);
    expect(subjects).toContain(`Order confirmed ${r.body.order.id}`);
    expect(subjects.some((s) => /订单/.test(s))).toBe(false);
  });

  it('sends queued mail through Resend (recorded payloads) and retries a failure later', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const appEnv = { ...(env as unknown as AppEnv), RESEND_API_KEY: 're_test_key', EMAIL_FROM: 'Pinlink <no-reply@pinlink.test>' };
    const { db, close } = openDb(appEnv);
    try {
      // The dev provider takes it after the response (waitUntil); then make it pending again for Resend.
      for (let i = 0; i < 40; i++) {
        const r = await db.execute(`select state from email_outbox where to_email = '${email}'`);
        if (r.rows[0]?.state === 'sent') break;
        await new Promise((ok) => setTimeout(ok, 50));
      }
      await db.execute(`update email_outbox set state = 'pending', attempts = 0 where to_email = '${email}'`);
      // Only this test's message: other test files queue mail into the same outbox concurrently.
      const ids = (await db.execute(`select id from email_outbox where to_email = '${email}'`)).rows.map((r) => String(r.id));
      const failing = (async () => new Response(JSON.stringify(resendError), { status: 429 })) as typeof fetch;
      expect(await deliverPendingEmails(appEnv, db, ids, failing)).toBe(0);
      let mid = await db.execute(`select state, attempts, last_error from email_outbox where to_email = '${email}'`);
      expect(mid.rows[0]).toMatchObject({ state: 'pending', attempts: 1, last_error: 'resend 429 rate_limit_exceeded' });
      const requests: { url: string; headers: Headers; body: any }[] = [];
      const ok = (async (u: RequestInfo | URL, init?: RequestInit) => {
        requests.push({ url: String(u), headers: new Headers(init!.headers), body: JSON.parse(String(init!.body)) });
        return new Response(JSON.stringify(resendOk), { status: 200 });
      }) as typeof fetch;
      await deliverPendingEmails(appEnv, db, ids, ok);
      const mine = requests.filter((r) => r.body.to[0] === email);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.url).toBe('https://api.resend.com/emails');
      expect(mine[0]!.headers.get('authorization')).toBe('Bearer re_test_key');
      expect(mine[0]!.headers.get('idempotency-key')).toMatch(/^m_/);
      expect(mine[0]!.body).toMatchObject({ from: 'Pinlink <no-reply@pinlink.test>', to: [email], subject: expect.stringContaining('验证码'), text: expect.any(String) });
      mid = await db.execute(`select state, attempts from email_outbox where to_email = '${email}'`);
      expect(mid.rows[0]).toMatchObject({ state: 'sent', attempts: 2 });
    } finally {
      await close();
    }
  });
});

describe('sign-in codes in the outbox', () => {
  const rowOf = async (db: ReturnType<typeof openDb>['db'], email: string) =>
    (await db.execute(`select state, code, subject, text from email_outbox where to_email = '${email}'`)).rows as { state: string; code: string | null; subject: string; text: string }[];

  // The dev provider takes a code email after the response (waitUntil); wait for it before changing the row.
  const sentByDevProvider = async (db: ReturnType<typeof openDb>['db'], email: string) => {
    for (let i = 0; i < 40 && (await rowOf(db, email))[0]?.state !== 'sent'; i++) await new Promise((ok) => setTimeout(ok, 50));
  };

  it('keeps no code once a provider has sent the email', async () => {
    const email = newEmail();
    await callJson('/api/buyer/code', { body: { email } });
    const code = await latestCode(email);
    const appEnv = { ...(env as unknown as AppEnv), RESEND_API_KEY: 're_test_key', EMAIL_FROM: 'Pinlink <no-reply@pinlink.test>' };
    const { db, close } = openDb(appEnv);
    try {
      await sentByDevProvider(db, email);
      await db.execute(`update email_outbox set state = 'pending', attempts = 0 where to_email = '${email}'`);
      const ids = (await db.execute(`select id from email_outbox where to_email = '${email}'`)).rows.map((r) => String(r.id));
      const sentTexts: string[] = [];
      const ok = (async (_u: RequestInfo | URL, init?: RequestInit) => {
        sentTexts.push(JSON.parse(String(init!.body)).text);
        return new Response(JSON.stringify(resendOk), { status: 200 });
      }) as typeof fetch;
      expect(await deliverPendingEmails(appEnv, db, ids, ok)).toBe(1);
      expect(sentTexts[0]).toContain(code);
      const [row] = await rowOf(db, email);
      expect(row).toMatchObject({ state: 'sent', code: null });
      expect(row!.subject + row!.text).not.toContain(code);
      expect(row!.text).toContain('······');
      expect((await outbox(email))[0]).not.toHaveProperty('code');
    } finally {
      await close();
    }
  });

  it('keeps the code readable in development until it expires, then drops it (and never sends it dead)', async () => {
    const shown = newEmail();
    const unsent = newEmail();
    await callJson('/api/buyer/code', { body: { email: shown } });
    await callJson('/api/buyer/code', { body: { email: unsent } });
    const code = await latestCode(shown);
    const { db, close } = openDb(env as unknown as AppEnv);
    try {
      await sentByDevProvider(db, unsent);
      await db.execute(`update email_outbox set state = 'pending', attempts = 0 where to_email = '${unsent}'`);
      await db.execute(`update email_outbox set created_at = now() - interval '11 minutes' where to_email in ('${shown}', '${unsent}')`);
      expect(await dropExpiredCodeEmails(db, CODE_TTL_MS)).toBeGreaterThanOrEqual(2);
      const [row] = await rowOf(db, shown);
      expect(row!.code).toBeNull();
      expect(row!.subject + row!.text).not.toContain(code);
      expect((await rowOf(db, unsent))[0]).toMatchObject({ state: 'failed', code: null });
      expect((await outbox(shown))[0]).not.toHaveProperty('code');
    } finally {
      await close();
    }
  });
});

describe('verified reviews', () => {
  it('refuses a buyer without a delivered order (403), accepts one with, and 409s a second', async () => {
    const email = newEmail();
    const shippedOnly = await orderFor(email, { until: 'shipped' });
    const token = await signInBuyer(email);
    const refused = await callJson(`/api/products/${shippedOnly.productId}/reviews`, { token, body: { rating: 5, text: '好' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const delivered = await orderFor(email, { until: 'delivered' });
    expect((await callJson(`/api/products/${delivered.productId}/reviews`, { body: { rating: 5, text: '好' } })).status).toBe(401);
    expect((await callJson(`/api/products/${delivered.productId}/reviews`, { token, body: { rating: 6, text: '好' } })).status).toBe(400);
    const created = await callJson(`/api/products/${delivered.productId}/reviews`, { token, body: { rating: 4, text: '很好用 Works well' } });
    expect(created.status).toBe(201);
    expect(created.body.review).toMatchObject({ rating: 4, text: '很好用 Works well', verified: true, buyerName: '李**' });
    expect((await callJson(`/api/products/${delivered.productId}/reviews`, { token, body: { rating: 1, text: 'again' } })).status).toBe(409);
  });

  it('lets one of two concurrent reviews through and lists average, count and cursor', async () => {
    const product = await createProduct({ stock: 20 });
    const tokens: string[] = [];
    for (const rating of [5, 4, 2]) {
      const email = newEmail();
      await orderFor(email, { productId: product.id, until: rating === 2 ? 'completed' : 'delivered' });
      tokens.push(await signInBuyer(email));
    }
    const racing = await Promise.all([0, 0].map(() => callJson(`/api/products/${product.id}/reviews`, { token: tokens[0], body: { rating: 5, text: 'a' } })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    await callJson(`/api/products/${product.id}/reviews`, { token: tokens[1], body: { rating: 4, text: 'b' } });
    const last = await callJson(`/api/products/${product.id}/reviews`, { token: tokens[2], body: { rating: 2, text: 'c' } });
    const list = await callJson(`/api/products/${product.id}/reviews`);
    expect(list.body).toMatchObject({ count: 3, average: 3.7, nextCursor: null });
    expect(list.body.items.map((r: any) => r.text)).toEqual(['c', 'b', 'a']);
    const page1 = await callJson(`/api/products/${product.id}/reviews?limit=2`);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await callJson(`/api/products/${product.id}/reviews?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((r: any) => r.text)).toEqual(['a']);
    expect((await callJson(`/api/products/${product.id}/reviews?cursor=%%%`)).status).toBe(400);

    // Ops hide one: the list (served from the snapshot) changes at once; sellers may not hide.
    const id = last.body.review.id;
    expect((await callJson(`/api/ops/reviews/${id}/hide`, { token: (await signupSeller()).token, body: {} })).status).toBe(403);
    const hidden = await callJson(`/api/ops/reviews/${id}/hide`, { token: await opsToken(), body: {} });
    expect(hidden.body.review).toEqual({ id, productId: product.id, hidden: true });
    const after = await callJson(`/api/products/${product.id}/reviews`);
    expect(after.body).toMatchObject({ count: 2, average: 4.5 });
    const audit = await call('/ops/audit', { token: await opsToken() });
    expect(await audit.text()).toContain(id);
    expect((await callJson(`/api/ops/reviews/v_doesNotExist1/hide`, { token: await opsToken(), body: {} })).status).toBe(404);
  });
});

describe('follows', () => {
  it('are idempotent both ways and show in following and the seller stats', async () => {
    const seller = await signupSeller();
    const token = await signInBuyer(newEmail());
    const rs = await Promise.all([1, 2, 3].map(() => callJson(`/api/sellers/${seller.handle}/follow`, { token, method: 'POST' })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await callJson('/api/me/stats', { token: seller.token })).body.followers).toBe(1);
    const following = await callJson('/api/buyer/following', { token });
    expect(following.body.items).toEqual([{ handle: seller.handle, displayName: seller.displayName, followedAt: expect.any(String) }]);
    for (let i = 0; i < 2; i++) expect((await callJson(`/api/sellers/${seller.handle}/follow`, { token, method: 'DELETE' })).body).toEqual({ following: false });
    expect((await callJson('/api/me/stats', { token: seller.token })).body.followers).toBe(0);
    expect((await callJson(`/api/sellers/no_such_handle/follow`, { token, method: 'POST' })).status).toBe(404);
    expect((await callJson(`/api/sellers/${seller.handle}/follow`, { method: 'POST' })).status).toBe(401);
  });
});

describe('buyer → seller', () => {
  it("takes the inviter from the buyer's first attributed order", async () => {
    const first = await signupSeller();
    const later = await signupSeller();
    const email = newEmail();
    await orderFor(email, { until: 'paid' });
    await orderFor(email, { ref: await refToken(first.id), until: 'paid' });
    await orderFor(email, { ref: await refToken(later.id), until: 'paid' });
    const token = await signInBuyer(email);
    const handle = uniq('b_').toLowerCase().slice(0, 30);
    const r = await callJson('/api/buyer/become-seller', { token, body: { handle, displayName: '新卖家', password: 'correct-horse-battery' } });
    expect(r.status).toBe(201);
    expect(r.body.seller.handle).toBe(handle);
    const network = await callJson('/api/me/network', { token: first.token });
    expect(JSON.stringify(network.body)).toContain(handle);
    expect(JSON.stringify((await callJson('/api/me/network', { token: later.token })).body)).not.toContain(handle);
    // The new seller signs in with the buyer's email; a second conversion conflicts.
    expect((await callJson('/api/auth/login', { body: { email, password: 'correct-horse-battery' } })).status).toBe(200);
    const again = await callJson('/api/buyer/become-seller', { token, body: { handle: `${handle.slice(0, 27)}_2`, displayName: 'x', password: 'correct-horse-battery' } });
    expect(again.status).toBe(409);
  });

  it('has no inviter without an attributed paid order', async () => {
    const referrer = await signupSeller();
    const email = newEmail();
    // A paid order nobody referred, and a referred order left unpaid: neither makes an inviter.
    await orderFor(email, { until: 'paid' });
    const product = await createProduct({ stock: 5 });
    const unpaid = await placeOrder(orderBody([{ productId: product.id, quantity: 1 }], { buyer: { email, name: '李四 Li Si' }, ref: await refToken(referrer.id) }));
    expect(unpaid.status).toBe(201);
    const token = await signInBuyer(email);
    const handle = uniq('c_').toLowerCase().slice(0, 30);
    const r = await callJson('/api/buyer/become-seller', { token, body: { handle, displayName: 'x', password: 'correct-horse-battery' } });
    expect(r.status).toBe(201);
    const { db, close } = openDb(env as unknown as AppEnv);
    try {
      const row = await db.execute(`select inviter_id from sellers where id = '${r.body.seller.id}'`);
      expect(row.rows).toEqual([{ inviter_id: null }]);
    } finally {
      await close();
    }
    expect(JSON.stringify((await callJson('/api/me/network', { token: referrer.token })).body)).not.toContain(handle);
  });
});

describe('openapi', () => {
  it('documents every buyer route', async () => {
    const doc = (await callJson('/openapi.json')).body;
    for (const p of ['/api/buyer/code', '/api/buyer/session', '/api/buyer/logout', '/api/buyer/orders', '/api/buyer/following', '/api/buyer/become-seller', '/api/sellers/{handle}/follow', '/api/products/{id}/reviews', '/api/ops/reviews/{id}/hide', '/api/dev/outbox']) {
      expect(doc.paths[p], p).toBeTruthy();
    }
  });
});
