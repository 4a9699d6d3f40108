// Fixtures for the authorization matrix and the page header checks: every identity and object a
// route can touch, created through the real Worker (objects and Postgres), once per test file.
import { BASE, call, callJson, createProduct, opsToken, signupSeller, uniq } from './helpers';
import { orderFor, signInBuyer } from './buyer-helpers';
import { orderBody, placeOrder } from './checkout-helpers';
import { SESSION_COOKIE, BUYER_COOKIE } from '../workers/services/identity/tokens';

export const IDENTITIES = ['anonymous', 'sellerA', 'sellerB', 'buyer', 'ops', 'otherOrderToken', 'orderToken'] as const;
export type Identity = (typeof IDENTITIES)[number];

export interface Fixtures {
  sellerA: { id: string; handle: string; token: string };
  sellerB: { id: string; handle: string; token: string };
  ops: string;
  buyer: { email: string; token: string };
  product: { id: string };
  /** The buyer's delivered order of `product`, and its order token. */
  order: { id: string; token: string };
  /** Someone else's order: its token is "another order's token". */
  otherOrder: { id: string; token: string };
  groupId: string;
  linkCode: string;
  reviewId: string;
  /** An open bargain on `product`, owned by someone else than `buyer`. */
  bargainId: string;
  /** A flash sale on now, of a product of its own. */
  flashSaleId: string;
}

export async function createFixtures(): Promise<Fixtures> {
  const [a, b, ops] = await Promise.all([signupSeller(), signupSeller(), opsToken()]);
  const product = await createProduct({
    stock: 100,
    groupBuy: { size: 5, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 },
    bargain: { floorPrice: { amount: 1900, currency: 'CNY' }, helpersNeeded: 5, durationHours: 24 },
  });
  const buyerEmail = `${uniq('matrix-buyer')}@example.test`;
  const order = await orderFor(buyerEmail, { productId: product.id, until: 'delivered' });
  const buyerToken = await signInBuyer(buyerEmail);
  const other = await placeOrder(orderBody([{ productId: product.id, quantity: 1 }]));
  const group = await placeOrder(orderBody([{ productId: product.id, quantity: 1 }], { group: { open: true } }));
  const link = await callJson('/api/links', { token: a.token, body: { productId: product.id } });
  const review = await callJson(`/api/products/${product.id}/reviews`, { token: buyerToken, body: { rating: 5, text: 'good' } });
  const bargain = await callJson('/api/bargains', { token: await signInBuyer(`${uniq('matrix-owner')}@example.test`), body: { productId: product.id } });
  const saleProduct = await createProduct({ stock: 10 });
  const now = Date.now();
  const flash = await callJson('/api/ops/flash-sales', {
    token: ops,
    body: { productId: saleProduct.id, price: { amount: 990, currency: 'CNY' }, quantity: 2, startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() },
  });
  for (const [name, r] of Object.entries({ other, group, link, review, bargain, flash })) {
    if (r.status !== 201) throw new Error(`fixture ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return {
    sellerA: { id: a.id, handle: a.handle, token: a.token },
    sellerB: { id: b.id, handle: b.handle, token: b.token },
    ops,
    buyer: { email: buyerEmail, token: buyerToken },
    product: { id: product.id },
    order: { id: order.id, token: order.token },
    otherOrder: { id: other.body.order.id, token: other.body.orderToken },
    groupId: group.body.order.groupId,
    linkCode: link.body.code,
    reviewId: review.body.review.id,
    bargainId: bargain.body.bargain.id,
    flashSaleId: flash.body.flashSale.id,
  };
}

/**
 * How each identity presents itself: API routes read Bearer tokens, pages read cookies, and an
 * order token travels as Bearer and as `?t=` (order pages take it from the query or the form).
 */
export function credentials(f: Fixtures, who: Identity): { headers: Record<string, string>; t?: string } {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  switch (who) {
    case 'anonymous':
      return { headers: {} };
    case 'sellerA':
    case 'sellerB':
      return { headers: { ...bearer(f[who].token), cookie: `${SESSION_COOKIE}=${f[who].token}` } };
    case 'ops':
      return { headers: { ...bearer(f.ops), cookie: `${SESSION_COOKIE}=${f.ops}` } };
    case 'buyer':
      return { headers: { ...bearer(f.buyer.token), cookie: `${BUYER_COOKIE}=${f.buyer.token}` } };
    case 'orderToken':
      return { headers: bearer(f.order.token), t: f.order.token };
    case 'otherOrderToken':
      return { headers: bearer(f.otherOrder.token), t: f.otherOrder.token };
  }
}

/** One request as `who`: same-origin (forms check Origin), no redirects followed. */
export function requestAs(f: Fixtures, who: Identity, method: string, path: string, body?: { json?: unknown; form?: Record<string, string> }) {
  const { headers, t } = credentials(f, who);
  const url = new URL(path, BASE);
  if (t && !path.startsWith('/api/')) url.searchParams.set('t', t);
  const h: Record<string, string> = { origin: BASE, ...headers };
  if (body?.form) {
    const form = new URLSearchParams({ ...(t ? { t } : {}), ...body.form });
    return call(url.pathname + url.search, { method, raw: form.toString(), headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' } });
  }
  return call(url.pathname + url.search, { method, headers: h, ...(body?.json !== undefined ? { body: body.json } : {}) });
}

/** A concrete URL for a route pattern (Hono's for pages, OpenAPI's `{id}` for the API), aimed at the fixtures. */
export function fillPath(f: Fixtures, pattern: string): string {
  const path = pattern.replace(/\{(\w+)\}/g, ':$1');
  const idFor = (p: string): string => {
    if (/^\/(api\/(ops\/)?orders|ops\/orders|o|pay\/test)\//.test(p)) return f.order.id;
    if (p.startsWith('/ops/sellers/')) return f.sellerA.id;
    if (p.startsWith('/ops/payouts/')) return 'b_matrix0000000000';
    if (/^\/(api\/(ops\/)?groups|g)\//.test(p)) return f.groupId;
    if (/^\/(api\/bargains|b)\//.test(p)) return f.bargainId;
    if (/^\/(api\/(ops\/)?flash-sales|flash|ops\/flash-sales)\//.test(p)) return f.flashSaleId;
    if (p.startsWith('/api/ops/payouts/')) return 'b_matrix0000000000';
    if (p.startsWith('/api/ops/reviews/')) return f.reviewId;
    return f.product.id; // /api/products/:id, /p/:id, /account/reviews/:id, /@h/p/:id
  };
  // Share cards name their subject in the file: /card/p/<id>.png, /card/s/<handle>.png, /card/g/<id>.png.
  const fileFor = (p: string) =>
    p.startsWith('/card/b/') ? `${f.bargainId}.png` : p.startsWith('/card/t/') ? `${f.flashSaleId}.png` : p.startsWith('/card/g/') ? `${f.groupId}.png` : p.startsWith('/card/s/:file') ? `${f.sellerA.handle}.png` : `${f.product.id}.png`;
  // An action chosen from a list: the one that changes least (never suspend or refund here).
  const SAFE = ['deliver', 'unsuspend', 'release'];
  const choose = (list: string) => list.split('|').find((a) => SAFE.includes(a)) ?? list.split('|')[0]!;
  return path
    .replace(/:file\{[^/]*\.csv\}/, 'b_matrix0000000000.csv')
    .replace(/:\w+\{([a-z|]+)\}/g, (_, list: string) => choose(list))
    .replace(/:file\b/, fileFor(path))
    .replace(/\/:at\{[^/]*\}(?=\/|$)/, `/@${f.sellerA.handle}`)
    .replace(/\/:palette\/:label\{[^}]*\}/, '/tea/Test.svg')
    .replace(/:code\b/, f.linkCode)
    .replace(/:handle\b/, f.sellerA.handle)
    .replace(/:productId\b/, f.product.id)
    .replace(/:orderId\b/, f.order.id)
    .replace(/:id\b/, idFor(path));
}

/** Every page route the app serves (GET, outside /api), from Hono's own route table. */
export function pageRoutes(routes: { method: string; path: string }[]): string[] {
  const api = (p: string) => p.startsWith('/api/') || p === '/healthz' || p === '/openapi.json';
  return [...new Set(routes.filter((r) => r.method === 'GET' && !api(r.path)).map((r) => r.path))];
}
