// Helpers for the checkout tests: orders through the real Worker, signed provider events.
import { signPayload } from '../workers/payments/signature';
import type { Db } from '../workers/storage/db';
import { TEST_BINDINGS } from './bindings';
import { callJson, uniq } from './helpers';

export function orderBody(items: { productId: string; variantId?: string; quantity: number }[], overrides: Record<string, unknown> = {}) {
  return {
    items,
    buyer: { email: `${uniq('buyer')}@example.test`, name: '张三 Zhang San' },
    shippingAddress: { name: '张三', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
    ...overrides,
  };
}

export async function placeOrder(body: unknown, key = uniq('idem-'), headers: Record<string, string> = {}) {
  return callJson('/api/orders', { body, headers: { 'idempotency-key': key, ...headers } });
}

export async function sendTestEvent(
  event: { id?: string; type: string; orderId: string; amount: { amount: number; currency: string } },
  opts: { secret?: string; timestamp?: number; header?: string | null } = {},
) {
  const raw = JSON.stringify({ id: event.id ?? uniq('evt_'), ...event });
  const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const header = opts.header !== undefined ? opts.header : await signPayload(opts.secret ?? TEST_BINDINGS.PAYMENT_WEBHOOK_SECRET, raw, t);
  const headers: Record<string, string> = {};
  if (header !== null) headers['pinlink-signature'] = header;
  return callJson('/api/payments/webhook/test', { raw, headers });
}

/** A Db that counts every touch and refuses it: any query, transaction or even property read. */
export function tripwire() {
  const touched: string[] = [];
  const db = new Proxy({} as Db, {
    get(_t, prop) {
      touched.push(String(prop));
      throw new Error(`Postgres touched: ${String(prop)}`);
    },
  });
  return { db, touched };
}
