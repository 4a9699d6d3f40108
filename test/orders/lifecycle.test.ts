import { describe, expect, it } from 'vitest';
import { signPayload } from '../../workers/payments/signature';
import { signToken } from '../../workers/services/identity/tokens';
import { TEST_BINDINGS } from '../bindings';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

const stockAvailable = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;
const getOrder = async (id: string, token: string) => (await callJson(`/api/orders/${id}`, { token })).body.order;
const refToken = (sellerId: string, linkId: string, ch = 'wechat') => signToken(TEST_BINDINGS.JWT_KEYS, 'ref', { sub: sellerId, lid: linkId, ch }, 3600);

async function newOrder(stock = 5, qty = 1, overrides: Record<string, unknown> = {}) {
  const p = await createProduct({ stock });
  const r = await placeOrder(orderBody([{ productId: p.id, quantity: qty }], overrides));
  expect(r.status).toBe(201);
  return { product: p, id: r.body.order.id as string, token: r.body.orderToken as string, total: r.body.order.total, checkoutUrl: r.body.payment.checkoutUrl as string };
}

describe('test provider webhook', () => {
  it('refuses unsigned, badly signed, stale and malformed events with 400 and changes nothing', async () => {
    const o = await newOrder();
    const ev = { type: 'payment.succeeded', orderId: o.id, amount: o.total };
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      await sendTestEvent(ev, { header: null }),
      await sendTestEvent(ev, { secret: 'whsec_wrong' }),
      await sendTestEvent(ev, { timestamp: now - 301 }),
      await sendTestEvent(ev, { timestamp: now + 400 }),
      await sendTestEvent(ev, { header: 't=abc,v1=zz' }),
    ];
    for (const r of cases) {
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
    }
    const raw = '{"not":"an event"}';
    const junk = await callJson('/api/payments/webhook/test', { raw, headers: { 'pinlink-signature': await signPayload(TEST_BINDINGS.PAYMENT_WEBHOOK_SECRET, raw, now) } });
    expect(junk.status).toBe(400);
    // A signature over another body does not carry over.
    const sig = await signPayload(TEST_BINDINGS.PAYMENT_WEBHOOK_SECRET, JSON.stringify({ id: 'x', ...ev }), now);
    const swapped = await callJson('/api/payments/webhook/test', { raw: JSON.stringify({ id: 'y', ...ev }), headers: { 'pinlink-signature': sig } });
    expect(swapped.status).toBe(400);
    expect((await getOrder(o.id, o.token)).status).toBe('pending_payment');
    // Within tolerance is fine.
    expect((await sendTestEvent(ev, { timestamp: now - 200 })).status).toBe(200);
    expect((await getOrder(o.id, o.token)).status).toBe('paid');
  });

  it('a replayed event id answers 200 with no second effect', async () => {
    const o = await newOrder(5, 1);
    const id = uniq('evt_');
    const pay = await sendTestEvent({ id, type: 'payment.succeeded', orderId: o.id, amount: o.total });
    expect(pay.body).toEqual({ received: true, outcome: 'paid' });
    expect(await stockAvailable(o.product.id)).toBe(4);
    const ops = await opsToken();
    await callJson(`/api/ops/orders/${o.id}/ship`, { token: ops, body: { carrier: 'SF', trackingNumber: 'SF1' } });
    const refundId = uniq('evt_');
    const refund = await sendTestEvent({ id: refundId, type: 'refund.succeeded', orderId: o.id, amount: o.total });
    expect(refund.body.outcome).toBe('refunded');
    // Replays, concurrently: none applies again.
    const replays = await Promise.all([
      sendTestEvent({ id, type: 'payment.succeeded', orderId: o.id, amount: o.total }),
      sendTestEvent({ id, type: 'payment.succeeded', orderId: o.id, amount: o.total }),
      sendTestEvent({ id: refundId, type: 'refund.succeeded', orderId: o.id, amount: o.total }),
    ]);
    for (const r of replays) expect(r.body).toEqual({ received: true, outcome: 'duplicate' });
    const order = await getOrder(o.id, o.token);
    expect(order.status).toBe('refunded');
    expect(order.timeline.map((t: any) => t.status)).toEqual(['pending_payment', 'paid', 'shipped', 'refunded']);
    expect(await stockAvailable(o.product.id)).toBe(4);
  });

  it('concurrent deliveries of one new event apply it once', async () => {
    const o = await newOrder(5, 2);
    const id = uniq('evt_');
    const rs = await Promise.all(Array.from({ length: 5 }, () => sendTestEvent({ id, type: 'payment.succeeded', orderId: o.id, amount: o.total })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rs.filter((r) => r.body.outcome === 'paid')).toHaveLength(1);
    expect(await stockAvailable(o.product.id)).toBe(3);
  });

  it('a wrong amount does not mark the order paid; a refund before payment asks for a retry (409)', async () => {
    const o = await newOrder();
    const wrong = await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: { amount: o.total.amount - 1, currency: 'CNY' } });
    expect(wrong.status).toBe(400);
    const early = uniq('evt_');
    const refund = await sendTestEvent({ id: early, type: 'refund.succeeded', orderId: o.id, amount: o.total });
    expect(refund.status).toBe(409);
    expect((await getOrder(o.id, o.token)).status).toBe('pending_payment');
    const unknown = await sendTestEvent({ type: 'payment.succeeded', orderId: 'o_doesNotExist01', amount: o.total });
    expect(unknown.status).toBe(404);
    // The refused refund was not recorded, so its retry applies once the payment is in.
    await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total });
    expect((await sendTestEvent({ id: early, type: 'refund.succeeded', orderId: o.id, amount: o.total })).body.outcome).toBe('refunded');
  });

  it('payment.failed cancels the order and releases its stock', async () => {
    const o = await newOrder(3, 3);
    expect(await stockAvailable(o.product.id)).toBe(0);
    const r = await sendTestEvent({ type: 'payment.failed', orderId: o.id, amount: o.total });
    expect(r.body.outcome).toBe('cancelled');
    expect(await stockAvailable(o.product.id)).toBe(3);
    const order = await getOrder(o.id, o.token);
    expect(order.status).toBe('cancelled');
    expect(order.payment.status).toBe('failed');
  });
});

describe('the whole lifecycle', () => {
  it('link → order → test checkout page Pay → ship → deliver → complete, attributed, stock down once', async () => {
    const seller = await signupSeller();
    const ref = await refToken(seller.id, 'l_testLink0001', 'weibo');
    const o = await newOrder(4, 2, { ref });
    expect(await stockAvailable(o.product.id)).toBe(2);

    const checkout = new URL(o.checkoutUrl);
    const page = await call(checkout.pathname + checkout.search);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="/pay/test/${o.id}/pay"`);
    // Without the order's token the buttons do nothing.
    const forged = await call(`/pay/test/${o.id}/pay`, { raw: 't=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.status).toBe(404);
    const pay = await call(`/pay/test/${o.id}/pay`, { raw: `t=${encodeURIComponent(o.token)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toBe(`/o/${o.id}?t=${encodeURIComponent(o.token)}`);

    let order = await getOrder(o.id, o.token);
    expect(order.status).toBe('paid');
    expect(order.attribution).toEqual({ sellerId: seller.id, linkId: 'l_testLink0001', channel: 'weibo', commissionable: true, source: 'link' });
    expect(order.payment).toEqual({ provider: 'test', status: 'succeeded' });
    expect(await stockAvailable(o.product.id)).toBe(2);

    const ops = await opsToken();
    expect((await callJson(`/api/ops/orders/${o.id}/deliver`, { method: 'POST', token: ops })).status).toBe(409);
    expect((await callJson(`/api/ops/orders/${o.id}/ship`, { token: ops, body: { carrier: '' } })).status).toBe(400);
    expect((await callJson(`/api/ops/orders/${o.id}/ship`, { token: (await signupSeller()).token, body: { carrier: 'SF', trackingNumber: '1' } })).status).toBe(403);
    const shipped = await callJson(`/api/ops/orders/${o.id}/ship`, { token: ops, body: { carrier: '顺丰 SF', trackingNumber: 'SF123456' } });
    expect(shipped.status).toBe(200);
    expect(shipped.body.order.status).toBe('shipped');
    expect(shipped.body.order.shipment).toEqual({ carrier: '顺丰 SF', trackingNumber: 'SF123456' });
    expect((await callJson(`/api/ops/orders/${o.id}/ship`, { token: ops, body: { carrier: 'SF', trackingNumber: 'x' } })).status).toBe(409);
    expect((await callJson(`/api/ops/orders/${o.id}/deliver`, { method: 'POST', token: ops })).body.order.status).toBe('delivered');
    expect((await callJson(`/api/ops/orders/${o.id}/complete`, { method: 'POST', token: ops })).body.order.status).toBe('completed');
    expect((await callJson(`/api/ops/orders/${o.id}/refund`, { method: 'POST', token: ops })).status).toBe(409);

    order = await getOrder(o.id, o.token);
    expect(order.timeline.map((t: any) => t.status)).toEqual(['pending_payment', 'paid', 'shipped', 'delivered', 'completed']);
    const orderPage = await (await call(`/o/${o.id}?t=${o.token}`)).text();
    expect(orderPage).toContain('data-status="completed"');
    expect(orderPage).toContain('SF123456');
    expect(await stockAvailable(o.product.id)).toBe(2);
  });

  it('ops refund settles through the test provider at once', async () => {
    const o = await newOrder(5, 1);
    const ops = await opsToken();
    expect((await callJson(`/api/ops/orders/${o.id}/refund`, { method: 'POST', token: ops })).status).toBe(409);
    await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total });
    expect((await callJson(`/api/ops/orders/${o.id}/confirm`, { method: 'POST', token: ops })).body.order.status).toBe('confirmed');
    const r = await callJson(`/api/ops/orders/${o.id}/refund`, { method: 'POST', token: ops });
    expect(r.status).toBe(200);
    expect(r.body.order.status).toBe('refunded');
    expect(r.body.order.payment.status).toBe('refunded');
    expect(r.body.order.refundRequested).toBe(true);
  });
});

describe('attribution', () => {
  it('records the cookie or ref seller; a self-purchase by email is not commissionable; tampered tokens are ignored', async () => {
    const seller = await signupSeller();
    const p = await createProduct({ stock: 10 });
    const cookie = await refToken(seller.id, 'l_cookieLink01', 'douyin');
    const viaCookie = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]), undefined, { cookie: `pinlink_ref=${cookie}` });
    expect((await getOrder(viaCookie.body.order.id, viaCookie.body.orderToken)).attribution).toEqual({
      sellerId: seller.id,
      linkId: 'l_cookieLink01',
      channel: 'douyin',
      commissionable: true,
      source: 'link',
    });
    const self = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: cookie, buyer: { email: seller.email.toUpperCase(), name: 'Me' } }));
    expect((await getOrder(self.body.order.id, self.body.orderToken)).attribution.commissionable).toBe(false);
    const signedIn = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: cookie }), undefined, { authorization: `Bearer ${seller.token}` });
    expect((await getOrder(signedIn.body.order.id, signedIn.body.orderToken)).attribution.commissionable).toBe(false);
    const tampered = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { ref: `${cookie.slice(0, -3)}abc` }));
    expect(tampered.status).toBe(201);
    expect((await getOrder(tampered.body.order.id, tampered.body.orderToken)).attribution).toBeNull();
  });
});

describe('ops stock changes and order list', () => {
  it('the Stock object follows ops stock changes', async () => {
    const p = await createProduct({ stock: 3 });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    expect(await stockAvailable(p.id)).toBe(1);
    const ops = await opsToken();
    await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token: ops, body: { stockDelta: 5 } });
    expect(await stockAvailable(p.id)).toBe(6);
    await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token: ops, body: { stock: 1 } });
    expect(await stockAvailable(p.id)).toBe(0);
    expect((await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]))).status).toBe(409);
    await sendTestEvent({ type: 'payment.failed', orderId: r.body.order.id, amount: r.body.order.total });
    expect(await stockAvailable(p.id)).toBe(1);
  });

  it('lists and exports orders by status and date', async () => {
    const ops = await opsToken();
    const from = new Date(Date.now() - 1000).toISOString();
    const a = await newOrder(5, 1, { buyer: { email: `${uniq('csv')}@example.test`, name: '=HYPERLINK("x")' } });
    const b = await newOrder(5, 1);
    await sendTestEvent({ type: 'payment.succeeded', orderId: b.id, amount: b.total });
    const q = `from=${encodeURIComponent(from)}&limit=200`;
    const paid = await callJson(`/api/ops/orders?status=paid&${q}`, { token: ops });
    expect(paid.status).toBe(200);
    expect(paid.body.items.map((o: any) => o.id)).toContain(b.id);
    expect(paid.body.items.map((o: any) => o.id)).not.toContain(a.id);
    const page1 = await callJson(`/api/ops/orders?${q.replace('limit=200', 'limit=1')}`, { token: ops });
    expect(page1.body.items).toHaveLength(1);
    const page2 = await callJson(`/api/ops/orders?${q.replace('limit=200', 'limit=1')}&cursor=${page1.body.nextCursor}`, { token: ops });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect((await callJson('/api/ops/orders?status=nope', { token: ops })).status).toBe(400);
    expect((await callJson('/api/ops/orders?from=yesterday', { token: ops })).status).toBe(400);
    expect((await callJson('/api/ops/orders', { token: (await signupSeller()).token })).status).toBe(403);
    expect((await callJson('/api/ops/orders')).status).toBe(401);

    for (const path of [`/api/ops/orders.csv?${q}`, `/api/ops/orders?format=csv&${q}`]) {
      const res = await call(path, { token: ops });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const csv = await res.text();
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,status,created_at,total_amount/);
      const rowA = lines.find((l) => l.startsWith(a.id))!;
      expect(rowA).toContain(`"'=HYPERLINK(""x"")"`);
      expect(lines.some((l) => l.startsWith(`${b.id},paid,`))).toBe(true);
    }
  });
});
