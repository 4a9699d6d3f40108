// Demo after-sales (售后) in every state, made through the running Worker like real traffic:
// orders paid through the signed test webhook, shipped and delivered by ops, asked for by their
// buyers (signed in with the code from the dev outbox), and answered by ops.
import { signPayload } from '../../workers/payments/signature';
import { demoProductId } from './seed-demo';

type Api = (path: string, body?: unknown, opts?: { token?: string; headers?: Record<string, string> }) => Promise<any>;

function apiOf(base: string): Api {
  return async (path, body, opts = {}) => {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as any;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  };
}

const address = { name: '陈静', line1: '人民路 12 号', city: '杭州', postalCode: '310000', country: 'CN' };

export async function seedLiveAfterSales(base: string, webhookSecret: string, ops: { email: string; password: string }): Promise<void> {
  const api = apiOf(base);
  const opsToken = (await api('/api/auth/login', ops)).token as string;
  const asOps = (path: string, body: unknown = {}) => api(path, body, { token: opsToken });

  /** A paid order of `qty` units for a fresh demo buyer, moved on to `until`; with that buyer's token. */
  async function order(n: number, productKey: string, qty: number, until: 'paid' | 'delivered') {
    const email = `aftersale${n}@example.com`;
    const o = await api(
      '/api/orders',
      { items: [{ productId: demoProductId(productKey), quantity: qty }], buyer: { email, name: '陈静' }, shippingAddress: address },
      { headers: { 'idempotency-key': `demo-aftersale-${n}-${crypto.randomUUID()}` } },
    );
    const raw = JSON.stringify({ id: `evt_demo_as_${n}_${Date.now()}`, type: 'payment.succeeded', orderId: o.order.id, amount: o.order.total });
    const signature = await signPayload(webhookSecret, raw, Math.floor(Date.now() / 1000));
    await fetch(`${base}/api/payments/webhook/test`, { method: 'POST', headers: { 'content-type': 'application/json', 'pinlink-signature': signature }, body: raw });
    if (until === 'delivered') {
      await asOps(`/api/ops/orders/${o.order.id}/ship`, { carrier: '顺丰', trackingNumber: `SF10${n}2026` });
      await asOps(`/api/ops/orders/${o.order.id}/deliver`);
    }
    await api('/api/buyer/code', { email });
    const box = await api(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const code = (box.messages as { code?: string }[]).filter((m) => m.code).pop()?.code;
    const buyer = (await api('/api/buyer/session', { email, code })).token as string;
    return { id: o.order.id as string, productId: demoProductId(productKey), buyer };
  }
  const ask = (o: { id: string; productId: string; buyer: string }, kind: 'refund' | 'return', quantity: number, reason: string) =>
    api(`/api/buyer/orders/${o.id}/after-sales`, { kind, lines: [{ productId: o.productId, quantity }], reason }, { token: o.buyer }).then((r) => r.afterSale.id as string);

  // Refunded at once: one of two units, before shipping.
  await ask(await order(1, 'Tea00002', 2, 'paid'), 'refund', 1, '买多了');
  // A return in each state of its path.
  await ask(await order(2, 'Snk00002', 1, 'delivered'), 'return', 1, '与描述不符');
  const approved = await ask(await order(3, 'Snk00004', 2, 'delivered'), 'return', 1, '尺码或规格不合适');
  await asOps(`/api/ops/after-sales/${approved}/approve`);
  const o4 = await order(4, 'Tea00004', 1, 'delivered');
  const returned = await ask(o4, 'return', 1, '商品有问题');
  await asOps(`/api/ops/after-sales/${returned}/approve`);
  await api(`/api/buyer/after-sales/${returned}/return`, { carrier: '中通', trackingNumber: 'ZT7788990011' }, { token: o4.buyer });
  const o5 = await order(5, 'Snk00003', 2, 'delivered');
  const refunded = await ask(o5, 'return', 2, '不想要了');
  await asOps(`/api/ops/after-sales/${refunded}/approve`);
  await api(`/api/buyer/after-sales/${refunded}/return`, { carrier: '顺丰', trackingNumber: 'SF5566778899' }, { token: o5.buyer });
  await asOps(`/api/ops/after-sales/${refunded}/receive`);
  const rejected = await ask(await order(6, 'Bty00001', 1, 'delivered'), 'return', 1, '不想要了');
  await asOps(`/api/ops/after-sales/${rejected}/reject`, { reason: '面膜已拆封，影响二次销售' });
}
