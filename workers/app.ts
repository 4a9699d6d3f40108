import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorBody } from '../shared/errors';
import { language } from './language';
import { securityHeaders } from './security-headers';
import { database, requestId, session, type Ctx } from './middleware';
import { accountPageRoutes } from './routes/buyer/account-pages';
import { authRoutes } from './routes/seller/auth';
import { benchRoutes } from './routes/dev/bench';
import { buyerRoutes } from './routes/buyer/buyers';
import { catalogRoutes } from './routes/storefront/catalog';
import { dashboardRoutes } from './routes/seller/dashboard-pages';
import { devOutboxRoutes } from './routes/dev/outbox';
import { groupPageRoutes } from './routes/storefront/groups-pages';
import { groupRoutes } from './routes/storefront/groups';
import { bargainRoutes } from './routes/storefront/promotions/bargains';
import { bargainPageRoutes } from './routes/storefront/promotions/bargain-pages';
import { healthRoutes } from './routes/health';
import { imageRoutes } from './routes/storefront/images';
import { leaderboardRoutes } from './routes/seller/leaderboards';
import { leaderboardPageRoutes } from './routes/seller/leaderboard-pages';
import { linkRoutes } from './routes/seller/links';
import { meRoutes } from './routes/seller/me';
import { sellerProgramRoutes } from './routes/seller/program';
import { opsLevelRoutes } from './routes/ops/program/levels';
import { opsFlashSaleRoutes } from './routes/ops/promotions/flash-sales';
import { flashSaleRoutes } from './routes/storefront/promotions/flash-sales';
import { flashPageRoutes } from './routes/storefront/promotions/flash-pages';
import { errorPage, notFoundPage, pageRoutes } from './routes/storefront/catalog-pages';
import { shareCardRoutes } from './routes/storefront/share-cards';
import { redirectRoutes } from './routes/storefront/redirect';
import { reviewRoutes } from './routes/buyer/reviews';
import { orderRoutes } from './routes/storefront/orders';
import { orderPageRoutes } from './routes/storefront/orders-pages';
import { opsOrderRoutes } from './routes/ops/orders/orders';
import { opsRefundRoutes } from './routes/ops/orders/refunds';
import { opsAfterSaleRoutes } from './routes/ops/orders/after-sales';
import { buyerAfterSaleRoutes } from './routes/buyer/after-sales';
import { afterSalePageRoutes } from './routes/buyer/after-sale-pages';
import { opsPageRoutes } from './routes/ops/pages';
import { opsSignalRoutes } from './routes/ops/signals';
import { sellerSightings } from './seller-sightings';
import { paymentRoutes } from './routes/webhooks/payments';
import { payoutRoutes } from './routes/ops/program/payouts';
import { opsWithdrawalRoutes } from './routes/ops/program/withdrawals';
import { opsProgramRoutes } from './routes/ops/program/program';
import { couponRoutes } from './routes/buyer/coupons';
import { opsCouponRoutes } from './routes/ops/promotions/coupons';
import { couponPageRoutes } from './routes/buyer/coupon-pages';
import { withdrawalRoutes } from './routes/seller/withdrawals';
import { withdrawalPageRoutes } from './routes/seller/withdrawals-pages';
import { SECURITY_SCHEMES } from './routes/router';
import { BENCH_BUILD } from './build-flags';
import { assertProductionConfig } from './services/ops/config';
import { isDatabaseUnavailable } from './storage/db';
import { isObjectUnavailable } from './objects/errors';

/** The document's head, served at /openapi.json and linted by `npm run check` (scripts/openapi.ts). */
export const openApiConfig = (origin: string) => ({
  openapi: '3.1.0',
  info: {
    title: 'Pinlink API',
    version: '1.0.0',
    description: 'Social-commerce storefront at the edge. Errors are { error: { code, message } }.',
  },
  servers: [{ url: origin }],
});

const UNAVAILABLE = {
  description: 'unavailable: Postgres, a Durable Object or the payment provider is unreachable for the moment',
  headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const } } },
  content: {
    'application/json': {
      schema: {
        type: 'object' as const,
        properties: { error: { type: 'object' as const, properties: { code: { type: 'string' as const }, message: { type: 'string' as const } }, required: ['code', 'message'] } },
        required: ['error'],
      },
    },
  },
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The document, with the 503 that onError can answer on any operation written once here rather than on every route. */
function documentOf(app: OpenAPIHono<Ctx>, origin: string) {
  const doc = app.getOpenAPI31Document(openApiConfig(origin));
  for (const item of Object.values(doc.paths ?? {})) {
    for (const m of METHODS) {
      const responses = item[m]?.responses;
      if (responses) responses['503'] ??= UNAVAILABLE;
    }
  }
  return doc;
}

const isApi = (path: string) => path.startsWith('/api/') || path === '/healthz' || path === '/openapi.json';

/**
 * What an unexpected error may put in the logs. Query errors carry their SQL parameters
 * (emails, addresses, password hashes) in the message, so messages are never logged for
 * them: only names, Postgres codes and constraint names, and stack frames.
 */
export function describeError(err: unknown) {
  const e = err as { name?: string; message?: string; stack?: string; cause?: unknown };
  const cause = e?.cause as { name?: string; message?: string; code?: string; constraint?: string } | undefined;
  const fromQuery = typeof e?.message === 'string' && e.message.startsWith('Failed query');
  const frames = (e?.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 12).join('\n');
  return {
    error: e?.name ?? typeof err,
    message: fromQuery ? 'Failed query (parameters withheld)' : String(e?.message ?? err).slice(0, 200),
    pgCode: cause?.code,
    constraint: cause?.constraint,
    cause: cause && !cause.code ? String(cause.message ?? cause).slice(0, 200) : undefined,
    stack: frames,
  };
}

export function buildApp() {
  const app = new OpenAPIHono<Ctx>();

  app.use('*', requestId);
  app.use('*', securityHeaders);
  app.use('*', async (c, next) => {
    assertProductionConfig(c.env);
    await next();
  });
  app.use('*', database);
  app.use('*', session);
  app.use('*', sellerSightings);
  app.use('*', language);

  app.route('/', healthRoutes);
  app.route('/', authRoutes);
  app.route('/', catalogRoutes);
  app.route('/', meRoutes);
  app.route('/', sellerProgramRoutes);
  app.route('/', opsLevelRoutes);
  app.route('/', opsFlashSaleRoutes);
  app.route('/', flashSaleRoutes);
  app.route('/', linkRoutes);
  app.route('/', leaderboardRoutes);
  app.route('/', leaderboardPageRoutes);
  app.route('/', shareCardRoutes); // before /r/:code and /g/:id pages
  app.route('/', redirectRoutes);
  app.route('/', imageRoutes);
  app.route('/', orderRoutes);
  app.route('/', paymentRoutes);
  app.route('/', opsOrderRoutes);
  app.route('/', opsRefundRoutes);
  app.route('/', opsSignalRoutes);
  app.route('/', groupRoutes);
  app.route('/', bargainRoutes);
  app.route('/', payoutRoutes);
  app.route('/', withdrawalRoutes);
  app.route('/', opsWithdrawalRoutes);
  app.route('/', opsProgramRoutes);
  app.route('/', couponRoutes);
  app.route('/', opsCouponRoutes);
  app.route('/', buyerRoutes);
  app.route('/', buyerAfterSaleRoutes);
  app.route('/', opsAfterSaleRoutes);
  app.route('/', reviewRoutes);
  app.route('/', devOutboxRoutes);
  app.route('/', couponPageRoutes);
  app.route('/', accountPageRoutes);
  app.route('/', afterSalePageRoutes);
  app.route('/', orderPageRoutes);
  app.route('/', groupPageRoutes);
  app.route('/', flashPageRoutes);
  app.route('/', bargainPageRoutes);
  app.route('/', dashboardRoutes);
  app.route('/', withdrawalPageRoutes);
  app.route('/', opsPageRoutes);
  app.route('/', pageRoutes);
  // Only the bench's own bundle has these routes, and there they still need BENCH_ROUTES=1.
  if (BENCH_BUILD) app.route('/', benchRoutes);

  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  app.get('/openapi.json', (c) => c.json(documentOf(app, new URL(c.req.url).origin)));

  app.notFound((c) => {
    if (isApi(c.req.path)) return c.json<ErrorBody>({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
    return notFoundPage(c);
  });

  app.onError((err, c) => {
    // API routes answer the JSON envelope; page routes the same decision as an HTML page.
    const answer = (body: ErrorBody, status: number, headers?: Record<string, string>) =>
      isApi(c.req.path) ? c.json(body, status as 400, headers) : errorPage(c, body.error.code, status, headers);
    if (err instanceof ApiError) {
      return answer(err.toBody(), err.status, err.headers);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own body parsing, e.g. malformed JSON.
      const code = err.status === 401 ? 'unauthorized' : err.status === 404 ? 'not_found' : 'invalid_input';
      const status = code === 'invalid_input' ? 400 : err.status;
      return answer({ error: { code, message: err.message || 'Malformed request.' } }, status);
    }
    if (isDatabaseUnavailable(err) || isObjectUnavailable(err)) {
      // Overload, a dropped connection or a restarting object is transient: say so, and when to come back.
      console.warn(JSON.stringify({ level: 'warn', requestId: c.var.requestId, path: c.req.path, msg: 'database unavailable', ...describeError(err) }));
      return answer({ error: { code: 'unavailable', message: 'The service is busy. Please try again in a moment.' } }, 503, { 'Retry-After': '1' });
    }
    console.error(JSON.stringify({ level: 'error', requestId: c.var.requestId, path: c.req.path, ...describeError(err) }));
    return answer({ error: { code: 'internal', message: `Something went wrong on our side (request ${c.var.requestId}).` } }, 500);
  });

  return app;
}

export const app = buildApp();

/** The document /openapi.json serves, for tools that read it without a running Worker. */
export const openApiDocument = (origin: string) => documentOf(app, origin);
