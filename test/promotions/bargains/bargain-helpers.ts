// Bargain test helpers: a product with a bargain offer, buyers signed in without the code round
// trip (the session is the real one the code flow issues), and the routes.
import { env } from 'cloudflare:workers';
import type { AppEnv } from '../../../workers/env';
import { issueBuyerSession } from '../../../workers/services/identity/sessions';
import { callJson, createProduct, uniq } from '../../helpers';

export const appEnv = env as unknown as AppEnv;

export async function bargainProduct(opts: { price?: number; floor?: number; helpers?: number; hours?: number; stock?: number } = {}) {
  return createProduct({
    price: { amount: opts.price ?? 9900, currency: 'CNY' },
    stock: opts.stock ?? 10,
    bargain: { floorPrice: { amount: opts.floor ?? 1900, currency: 'CNY' }, helpersNeeded: opts.helpers ?? 10, durationHours: opts.hours ?? 24 },
  });
}

export async function buyer(prefix = 'b') {
  const email = `${uniq(prefix)}@example.test`;
  return { email, token: await issueBuyerSession(appEnv, email) };
}

export async function openBargain(token: string, body: Record<string, unknown>) {
  return callJson('/api/bargains', { token, body });
}

export async function help(id: string, token: string, name?: string) {
  return callJson(`/api/bargains/${id}/help`, { token, method: 'POST', ...(name ? { body: { name } } : {}) });
}

/** A bargain helped to success by `n` fresh buyers. */
export async function succeededBargain(opts: { helpers?: number; price?: number; floor?: number } = {}) {
  const product = await bargainProduct({ helpers: opts.helpers ?? 2, price: opts.price, floor: opts.floor });
  const owner = await buyer('owner');
  const opened = await openBargain(owner.token, { productId: product.id, name: '小王' });
  if (opened.status !== 201) throw new Error(`open ${opened.status} ${JSON.stringify(opened.body)}`);
  const id = opened.body.bargain.id as string;
  for (let i = 0; i < (opts.helpers ?? 2); i++) {
    const h = await help(id, (await buyer('h')).token);
    if (h.status !== 201) throw new Error(`help ${h.status}`);
  }
  return { product, owner, id };
}
