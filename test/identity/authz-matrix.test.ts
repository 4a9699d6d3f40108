// Authorization matrix: every route (the API from /openapi.json, the pages from the app's own route
// table) × every identity, against the running Worker with real objects and Postgres. A route
// without an expectation fails the test, so a new route cannot skip it: add a line to RULES.
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../workers/app';
import { createFixtures, fillPath, IDENTITIES, requestAs, type Fixtures, type Identity } from '../authz-fixtures';
import { call } from '../helpers';

const ALL = IDENTITIES;
const SELLERS: Identity[] = ['sellerA', 'sellerB'];
const SESSIONS: Identity[] = ['sellerA', 'sellerB', 'ops'];
const OPS: Identity[] = ['ops'];
const BUYER: Identity[] = ['buyer'];
const NOBODY: Identity[] = [];
/** The order's own token (and, for the API, ops); "another order's token" must not open it. */
const ORDER_HOLDER: Identity[] = ['orderToken'];

interface Rule {
  /** "METHOD /path" with Hono's `:param` syntax; a RegExp covers a family of routes (e.g. every /ops page). */
  route: string | RegExp;
  allow: readonly Identity[];
  /** The object is made up (no such payout): the allowed get 404, the others must still get 401/403. */
  madeUpObject?: boolean;
  /** Signing out sends everyone to the sign-in page; that is the answer, not a refusal. */
  loginRedirectIsAnswer?: boolean;
  json?: unknown;
  form?: Record<string, string>;
  query?: string;
}

/** First match wins. Deny = 401, 403, 404 or a redirect to sign in; allow = anything else below 500. */
const RULES: Rule[] = [
  // Public API. Webhooks authenticate by signature (test/orders/stripe.test.ts, test/orders/orders.test.ts), not by token.
  { route: 'GET /healthz', allow: ALL },
  { route: 'GET /openapi.json', allow: ALL },
  { route: 'POST /api/auth/signup', allow: ALL, json: {} },
  { route: 'POST /api/auth/login', allow: ALL, json: {} },
  { route: 'POST /api/auth/logout', allow: SESSIONS },
  { route: 'GET /api/products', allow: ALL },
  { route: 'GET /api/products/:id', allow: ALL },
  { route: 'GET /api/products/:id/reviews', allow: ALL },
  { route: 'POST /api/products/:id/reviews', allow: BUYER, json: {} },
  { route: 'POST /api/orders', allow: ALL, json: {} },
  { route: 'GET /api/orders/:id', allow: ['ops', 'orderToken'] },
  { route: /^POST \/api\/payments\/webhook\//, allow: ALL, json: {} },
  { route: 'GET /api/groups/:id', allow: ALL },
  { route: 'GET /api/groups/:id/live', allow: ALL },
  // Bargains: anyone reads one; a signed-in buyer opens one or helps another's.
  { route: /^GET \/api\/bargains\/:id(\/live)?$/, allow: ALL },
  { route: 'POST /api/bargains', allow: BUYER, json: {} },
  { route: 'POST /api/bargains/:id/help', allow: BUYER },
  { route: 'POST /api/buyer/code', allow: ALL, json: {} },
  { route: 'POST /api/buyer/session', allow: ALL, json: {} },
  { route: 'GET /api/leaderboards', allow: ALL, query: '?board=earnings&period=week' },
  // Flash sales: anyone reads them (ops make and stop them under /api/ops below).
  { route: /^GET \/api\/flash-sales(\/:id)?$/, allow: ALL },
  { route: 'GET /api/coupons', allow: ALL },
  { route: 'POST /api/coupons/:id/claim', allow: BUYER, madeUpObject: true },
  { route: 'GET /api/dev/outbox', allow: NOBODY, query: '?to=someone@example.test' }, // 404 unless ENVIRONMENT=development
  // Buyers. A made-up after-sale is 404 even to a buyer (their own only: test/aftersales/).
  { route: 'GET /api/buyer/after-sales/:id', allow: BUYER, madeUpObject: true },
  { route: /^(GET|POST|DELETE) \/api\/buyer\//, allow: BUYER, json: {} },
  { route: /^(POST|DELETE) \/api\/sellers\/:handle\/follow$/, allow: BUYER },
  // Sellers: their own data only, by session (no ids in these paths), and their own links by code.
  { route: /^(GET|PUT|POST) \/api\/me\//, allow: SELLERS, json: {} },
  { route: 'POST /api/links', allow: SELLERS, json: {} },
  { route: 'POST /api/me/withdrawals', allow: SELLERS, json: {} },
  { route: /^(GET|DELETE) \/api\/links\/:code$/, allow: ['sellerA'] },
  // Ops API: every route under /api/ops.
  { route: /^(GET|POST) \/api\/ops\/payouts\/:id/, allow: OPS, madeUpObject: true },
  { route: /^POST \/api\/ops\/after-sales\/:id\//, allow: OPS, madeUpObject: true, json: {} },
  { route: /^(GET|POST|PATCH|PUT|DELETE) \/api\/ops\//, allow: OPS, json: {} },
  // Public pages.
  { route: /^GET \/(|p\/:id|:at\{.*\}|:at\{.*\}\/p\/:id|g\/:id|r\/:code|r\/:code\/qr\.svg|qr\.svg|img\/.*|buy\/:productId|login|signup|account\/login|leaderboard)$/, allow: ALL },
  // Bargain pages: public; the forms answer on the page (a visitor not signed in signs in there). POST /b
  // and /b/login with an empty form name no product: 404 to everyone.
  { route: /^(GET \/b\/:id(\/poster\.png)?|GET \/card\/b\/:file|POST \/b\/:id\/(help|login))$/, allow: ALL, form: {} },
  { route: /^POST \/b(\/login)?$/, allow: ALL, madeUpObject: true, form: {} },
  // Flash-sale pages, their card and poster: public.
  { route: /^GET \/(flash|flash\/:id|flash\/:id\/poster\.png|card\/t\/:file)$/, allow: ALL },
  // Share cards and posters (images of public pages).
  { route: /^GET \/card\/(p|s|g)\/.*$/, allow: ALL },
  { route: /^GET \/(p\/:id|g\/:id|r\/:code|:at\{.*\}|:at\{.*\}\/p\/:id)\/poster\.png$/, allow: ALL },
  { route: /^POST \/(login|signup|buy\/:productId|account\/login|account\/login\/verify)$/, allow: ALL, form: {} },
  { route: /^POST \/(logout|account\/logout)$/, allow: ALL, loginRedirectIsAnswer: true },
  // Seller pages.
  { route: /^(GET|POST) \/me(\/.*)?$/, allow: SELLERS, form: {} },
  // Buyer pages.
  { route: /^(GET|POST) \/account(\/.*)?$/, allow: BUYER, form: {} },
  // Order pages open with that order's token only.
  { route: /^(GET|POST) \/(o|pay\/test)\/:id(\/.*)?$/, allow: ORDER_HOLDER, form: {} },
  // The ops console: every /ops page, present and future (a made-up payout is 404 even to ops).
  { route: /^(GET|POST) \/ops\/payouts\/:/, allow: OPS, madeUpObject: true, form: {} },
  { route: /^POST \/ops\/withdrawals\/:/, allow: OPS, madeUpObject: true, form: {} },
  { route: /^POST \/ops\/after-sales\/:id\//, allow: OPS, madeUpObject: true, form: {} },
  { route: /^(GET|POST|PUT|PATCH|DELETE) \/ops(\/.*)?$/, allow: OPS, form: {} },
];

const ruleFor = (key: string) => RULES.find((r) => (typeof r.route === 'string' ? r.route === key : r.route.test(key)));

/** The API as documented plus every page route; undocumented /api routes are refused below. */
async function allRoutes(): Promise<string[]> {
  const doc = (await (await call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const api = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
  const pages = app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/api/') && r.path !== '/healthz' && r.path !== '/openapi.json')
    .map((r) => `${r.method} ${r.path}`);
  const keys = [...new Set([...api, '/openapi.json'].map((k) => (k.startsWith('/') ? `GET ${k}` : k)).concat(pages))];
  // Destructive cells last: signing out revokes the session, deleting the link ends /r/:code.
  const last = (k: string) => (/logout/.test(k) ? 2 : k.startsWith('DELETE /api/links') ? 1 : 0);
  return keys.sort((a, b) => last(a) - last(b));
}

function verdict(res: Response, rule: Rule, who: Identity): 'allow' | 'deny' | 'error' {
  if (res.status >= 500) return 'error';
  if (res.status === 401 || res.status === 403) return 'deny';
  if (res.status === 404) return rule.madeUpObject && rule.allow.includes(who) ? 'allow' : 'deny';
  const location = res.headers.get('location') ?? '';
  if (res.status >= 300 && res.status < 400 && /^(https?:\/\/[^/]+)?\/(account\/)?login(\?|$)/.test(location)) return rule.loginRedirectIsAnswer ? 'allow' : 'deny';
  return 'allow';
}

let f: Fixtures;
beforeAll(async () => {
  f = await createFixtures();
}, 120_000);

describe('authorization matrix', () => {
  let keys: string[] = [];
  beforeAll(async () => {
    keys = await allRoutes();
  });

  it('every route has an expectation, and every /api route is documented in /openapi.json', async () => {
    expect(keys.length).toBeGreaterThan(60);
    expect(keys.filter((k) => !ruleFor(k))).toEqual([]);
    const documented = new Set(keys);
    const undocumented = app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !documented.has(k));
    expect(undocumented).toEqual([]);
  });

  it('every route × identity answers as expected', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const key of keys) {
      const rule = ruleFor(key)!;
      const [method, pattern] = key.split(' ') as [string, string];
      const path = fillPath(f, pattern) + (rule.query ?? '');
      const body = method === 'GET' ? undefined : pattern.startsWith('/api/') ? { json: rule.json } : { form: rule.form ?? {} };
      const ask = async (who: Identity) => {
        const res = await requestAs(f, who, method, path, body);
        await res.body?.cancel();
        cells++;
        const got = verdict(res, rule, who);
        const want = rule.allow.includes(who) ? 'allow' : 'deny';
        if (got !== want) wrong.push(`${key} as ${who}: expected ${want}, got ${res.status} ${res.headers.get('location') ?? ''}`.trim());
      };
      // Refusals first and together (they must change nothing), then the allowed one by one.
      await Promise.all(ALL.filter((w) => !rule.allow.includes(w)).map(ask));
      for (const who of ALL.filter((w) => rule.allow.includes(w))) await ask(who);
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(keys.length * ALL.length);
  });
});
