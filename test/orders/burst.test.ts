// A burst of buyers: exactly the stock is sold, replays after sell-out are the first 201 byte for
// byte, and a refused attempt (sold out, group full or closed) never touches Postgres. The last is
// proven with a database that trips on any use, handed to the same checkout verb the route calls.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createOrder } from '../../workers/services/orders/checkout';
import { orderBody, sendTestEvent, tripwire } from '../checkout-helpers';
import { call, callJson, createProduct, uniq } from '../helpers';

const appEnv = env as unknown as AppEnv;


const post = (body: unknown, key: string) =>
  call('/api/orders', { body, headers: { 'idempotency-key': key } }).then(async (res) => ({ status: res.status, text: await res.text() }));

describe('burst buying', () => {
  it('120 buyers for 20 units: exactly 20 sold; replays after sell-out are byte-identical; refusals never reach Postgres', async () => {
    const p = await createProduct({ stock: 20 });
    const attempts = Array.from({ length: 120 }, () => ({ key: uniq('burst-'), body: orderBody([{ productId: p.id, quantity: 1 }]) }));
    const results = await Promise.all(attempts.map((a) => post(a.body, a.key)));
    const won = results.map((r, i) => ({ ...r, ...attempts[i]! })).filter((r) => r.status === 201);
    expect(won).toHaveLength(20);
    expect(results.filter((r) => r.status === 409).every((r) => JSON.parse(r.text).error.code === 'out_of_stock')).toBe(true);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    expect((await callJson(`/api/products/${p.id}`)).body.product.stockAvailable).toBe(0);

    // Replays after sell-out: the very same bytes, concurrently.
    const replays = await Promise.all(won.slice(0, 8).map((w) => post(w.body, w.key)));
    replays.forEach((r, i) => expect(r).toEqual({ status: 201, text: won[i]!.text }));
    const mismatch = await post({ ...won[0]!.body, items: [{ productId: p.id, quantity: 2 }] }, won[0]!.key);
    expect([mismatch.status, JSON.parse(mismatch.text).error.code]).toEqual([422, 'idempotency_mismatch']);

    // The same refusals and replays with a database that trips on any touch.
    const wire = tripwire();
    const viaVerb = (body: ReturnType<typeof orderBody>, key: string) =>
      createOrder({ env: appEnv, db: wire.db }, { body: body as never, idempotencyKey: key, origin: 'http://pinlink.test' }).then(
        (r) => ({ status: r.status, text: r.text }),
        (e: { code?: string }) => ({ status: 409, text: e.code ?? String(e) }),
      );
    const refused = await Promise.all(Array.from({ length: 60 }, () => viaVerb(orderBody([{ productId: p.id, quantity: 1 }]), uniq('late-'))));
    expect(refused.every((r) => r.text === 'out_of_stock')).toBe(true);
    const replayed = await viaVerb(won[1]!.body, won[1]!.key);
    expect(replayed).toEqual({ status: 201, text: won[1]!.text });
    expect(wire.touched).toEqual([]);
  });

  it('a full or closed group refuses without Postgres, and a member replays its own order', async () => {
    const p = await createProduct({ stock: 10, groupBuy: { size: 2, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 } });
    const leaderKey = uniq('lead-');
    const leaderBody = orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } });
    const leader = await post(leaderBody, leaderKey);
    expect(leader.status).toBe(201);
    const gid = JSON.parse(leader.text).order.groupId as string;
    const joinBody = orderBody([{ productId: p.id, quantity: 1 }], { group: { join: gid } });
    const join = await post(joinBody, uniq('join-'));
    expect(join.status).toBe(201);

    const wire = tripwire();
    const attempt = (body: unknown, key = uniq('x-')) =>
      createOrder({ env: appEnv, db: wire.db }, { body: body as never, idempotencyKey: key, origin: 'http://pinlink.test' }).then(
        (r) => r.text,
        (e: { code?: string }) => e.code ?? String(e),
      );
    const full = await Promise.all(Array.from({ length: 20 }, () => attempt(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: gid } }))));
    expect(new Set(full)).toEqual(new Set(['group_full']));
    expect(await attempt(leaderBody, leaderKey)).toBe(leader.text);

    for (const o of [leader, join]) {
      const created = JSON.parse(o.text);
      expect((await sendTestEvent({ type: 'payment.succeeded', orderId: created.order.id, amount: created.order.total })).status).toBe(200);
    }
    expect((await callJson(`/api/groups/${gid}`)).body.group.status).toBe('succeeded');
    expect(await attempt(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: gid } }))).toBe('group_closed');
    expect(wire.touched).toEqual([]);
  });
});
