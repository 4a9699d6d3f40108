// Buyer helpers: read the dev outbox (the real route, with ENVIRONMENT=development) and sign in by code.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { app } from '../workers/app';
import { signToken } from '../workers/services/identity/tokens';
import { TEST_BINDINGS } from './bindings';
import { orderBody, placeOrder, sendTestEvent } from './checkout-helpers';
import { BASE, callJson, createProduct, opsToken } from './helpers';

export async function devFetch(path: string, environment = 'development'): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(BASE + path), { ...env, ENVIRONMENT: environment }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function outbox(to: string): Promise<{ to: string; subject: string; text: string; code?: string }[]> {
  const res = await devFetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
  if (res.status !== 200) throw new Error(`outbox ${res.status}`);
  return ((await res.json()) as any).messages;
}

export async function latestCode(email: string): Promise<string> {
  const withCode = (await outbox(email)).filter((m) => m.code);
  const code = withCode[withCode.length - 1]?.code;
  if (!code) throw new Error('no code in outbox');
  return code;
}

export async function signInBuyer(email: string): Promise<string> {
  const req = await callJson('/api/buyer/code', { body: { email } });
  if (req.status !== 202) throw new Error(`code ${req.status}`);
  const r = await callJson('/api/buyer/session', { body: { email, code: await latestCode(email) } });
  if (r.status !== 200) throw new Error(`session ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export const refToken = (sellerId: string, linkId = 'l_testLink0001') => signToken(TEST_BINDINGS.JWT_KEYS, 'ref', { sub: sellerId, lid: linkId, ch: 'wechat' }, 3600);

/** A paid order for `email`, moved on by ops to `until`. */
export async function orderFor(email: string, opts: { productId?: string; ref?: string; until?: 'paid' | 'shipped' | 'delivered' | 'completed' } = {}) {
  const productId = opts.productId ?? (await createProduct({ stock: 20 })).id;
  const r = await placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: { email, name: '李四 Li Si' }, ...(opts.ref ? { ref: opts.ref } : {}) }));
  if (r.status !== 201) throw new Error(`order ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.order.id as string;
  const paid = await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: r.body.order.total });
  if (paid.status !== 200) throw new Error(`pay ${paid.status}`);
  const ops = await opsToken();
  const steps = ['shipped', 'delivered', 'completed'];
  const until = opts.until ?? 'delivered';
  for (const step of steps.slice(0, steps.indexOf(until) + 1)) {
    const path = step === 'shipped' ? 'ship' : step === 'delivered' ? 'deliver' : 'complete';
    const res = await callJson(`/api/ops/orders/${id}/${path}`, { token: ops, method: 'POST', ...(path === 'ship' ? { body: { carrier: 'SF', trackingNumber: 'SF1' } } : {}) });
    if (res.status !== 200) throw new Error(`${path} ${res.status}`);
  }
  return { id, productId, token: r.body.orderToken as string };
}
