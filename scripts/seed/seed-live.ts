// The part of the demo that must be live, so it goes through the running Worker like real
// traffic: a group buy open right now (one paid seat, awaiting the others) reached through
// lily's link, and an order still waiting for payment. Runs once, right after a fresh history.
import { signPayload } from '../../workers/payments/signature';
import { demoProductId } from './seed-demo';

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as any;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

const buyer = (n: number) => ({ email: `live${n}@example.com`, name: n === 1 ? '林晓' : '周宁' });
const address = { name: '林晓', line1: '88 号', city: '上海', postalCode: '200001', country: 'CN' };

export async function seedLiveDemo(base: string, webhookSecret: string): Promise<void> {
  // A real click on lily's first link: the redirect carries the ref token the order is attributed by.
  const hop = await fetch(`${base}/r/DemoLk000`, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile' } });
  const ref = new URL(hop.headers.get('location') ?? '/', base).searchParams.get('ref') ?? undefined;
  const key = () => `demo-live-${crypto.randomUUID()}`;
  const leader = await post(
    base,
    '/api/orders',
    { items: [{ productId: demoProductId('Tea00001'), quantity: 1 }], buyer: buyer(1), shippingAddress: address, group: { open: true }, ...(ref ? { ref } : {}) },
    { 'idempotency-key': key() },
  );
  const raw = JSON.stringify({ id: `evt_demo_${Date.now()}`, type: 'payment.succeeded', orderId: leader.order.id, amount: leader.order.total });
  const t = Math.floor(Date.now() / 1000);
  await fetch(`${base}/api/payments/webhook/test`, { method: 'POST', headers: { 'content-type': 'application/json', 'pinlink-signature': await signPayload(webhookSecret, raw, t) }, body: raw });
  // Left unpaid: it waits for payment until its reservation ends, then is cancelled as usual.
  await post(base, '/api/orders', { items: [{ productId: demoProductId('Snk00002'), quantity: 1 }], buyer: buyer(2), shippingAddress: { ...address, name: '周宁' } }, { 'idempotency-key': key() });
}
