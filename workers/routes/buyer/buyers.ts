import { createRoute, z } from '@hono/zod-openapi';
import { secureCookies } from '../../security-headers';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  BecomeSellerBody,
  BecomeSellerResponse,
  BuyerCodeBody,
  BuyerSessionBody,
  BuyerSessionResponse,
  FollowingSchema,
} from '../../../shared/buyers/buyer-schemas';
import { pickLang } from '../../../shared/i18n';
import { OrderSchema } from '../../../shared/orders/order-schemas';
import { HandleSchema } from '../../../shared/schemas';
import { clientAddress } from '../../services/limits/client-address';
import { openBuyerSession, requestBuyerCode, sendQueuedEmails } from '../../services/buyers/buyer-auth';
import { becomeSeller, followSeller, listBuyerOrders, listFollowedStorefronts } from '../../services/buyers/buyers';
import { revokeSession } from '../../services/identity/sessions';
import { BUYER_COOKIE, BUYER_TTL_SECONDS } from '../../services/identity/tokens';
import { setSessionCookie } from '../seller/auth';
import { asBuyer, errorResponses, guardedErrors, isPublic, json, jsonBody, newRouter } from '../router';

const code = createRoute({
  method: 'post',
  path: '/api/buyer/code',
  tags: ['buyers'],
  summary: 'Email a sign-in code',
  operationId: 'requestBuyerCode',
  ...isPublic,
  description: 'Emails a 6-digit sign-in code, valid 10 minutes and once. A new request replaces the previous code.',
  request: { body: jsonBody(BuyerCodeBody) },
  responses: { 202: { description: 'Code sent' }, 400: errorResponses[400], 429: errorResponses[429] },
});

const session = createRoute({
  method: 'post',
  path: '/api/buyer/session',
  tags: ['buyers'],
  summary: 'Sign in with the emailed code',
  operationId: 'createBuyerSession',
  ...isPublic,
  description: 'Trades the emailed code for a buyer token (also set as the pinlink_buyer cookie).',
  request: { body: jsonBody(BuyerSessionBody) },
  responses: { 200: json(BuyerSessionResponse), 400: errorResponses[400], 401: errorResponses[401], 429: errorResponses[429] },
});

const logout = createRoute({
  method: 'post',
  path: '/api/buyer/logout',
  tags: ['buyers'],
  summary: 'Sign the buyer out',
  operationId: 'logOutBuyer',
  description: 'Ends this buyer session on the server: the token (or cookie) stops working at once, wherever it was copied.',
  ...asBuyer,
  responses: { 204: { description: 'Signed out' }, 401: errorResponses[401] },
});

const orders = createRoute({
  method: 'get',
  path: '/api/buyer/orders',
  tags: ['buyers'],
  summary: "List the buyer's orders",
  operationId: 'listBuyerOrders',
  description: 'Orders placed with the signed-in email, newest first.',
  ...asBuyer,
  request: { query: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
  responses: { 200: json(z.object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() })), ...guardedErrors },
});

const HandleParam = z.object({ handle: HandleSchema });
const followRoute = (method: 'post' | 'delete') =>
  createRoute({
    method,
    path: '/api/sellers/{handle}/follow',
    tags: ['buyers'],
    summary: method === 'post' ? 'Follow a storefront' : 'Unfollow a storefront',
    operationId: method === 'post' ? 'followSeller' : 'unfollowSeller',
    description: method === 'post' ? 'Follows a storefront (idempotent).' : 'Unfollows a storefront (idempotent).',
    ...asBuyer,
    request: { params: HandleParam },
    responses: { 200: json(z.object({ following: z.boolean() })), ...guardedErrors, 404: errorResponses[404] },
  });

const following = createRoute({
  method: 'get',
  path: '/api/buyer/following',
  tags: ['buyers'],
  summary: 'List the storefronts the buyer follows',
  operationId: 'listFollowing',
  ...asBuyer,
  responses: { 200: json(FollowingSchema), ...guardedErrors },
});

const become = createRoute({
  method: 'post',
  path: '/api/buyer/become-seller',
  tags: ['buyers'],
  summary: "Open a seller account on the buyer's email",
  operationId: 'becomeSeller',
  description:
    "Turns the buyer's email into a seller account (body: handle, displayName, password; the email is the buyer's own). The inviter is the seller who referred the buyer's first attributed order. " +
    'By the program\'s enrollment rule: under `after_spend`, 403 forbidden until the paid, unrefunded orders of this email (order totals less refunds) reach spendThreshold — exactly the threshold is enough; ' +
    'under `approval` the new seller is `pending`; under `open` approved at once. Returns a seller session token and sets the seller cookie.',
  ...asBuyer,
  request: { body: jsonBody(BecomeSellerBody) },
  responses: { 201: json(BecomeSellerResponse), ...guardedErrors, 409: errorResponses[409] },
});

export const buyerRoutes = newRouter()
  .openapi(code, async (c) => {
    const lang = pickLang({ query: undefined, cookie: undefined, acceptLanguage: c.req.header('accept-language') });
    const id = await requestBuyerCode(c.env, c.var.db(), { email: c.req.valid('json').email, lang, address: clientAddress(c.env, c.req.raw) });
    // Sent after the response; the minute cron retries what this misses.
    c.executionCtx.waitUntil(sendQueuedEmails(c.env, [id]));
    return c.body(null, 202);
  })
  .openapi(session, async (c) => {
    const out = await openBuyerSession(c.env, c.var.db(), { ...c.req.valid('json'), ip: clientAddress(c.env, c.req.raw) });
    setCookie(c, BUYER_COOKIE, out.token, { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: BUYER_TTL_SECONDS });
    return c.json(out, 200);
  })
  .openapi(logout, async (c) => {
    await revokeSession(c.env, c.var.buyerSession!, 'buyer');
    deleteCookie(c, BUYER_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .openapi(orders, async (c) => c.json(await listBuyerOrders(c.var.db(), c.var.buyerEmail!, c.req.valid('query')), 200))
  .openapi(followRoute('post'), async (c) => c.json(await followSeller(c.env, c.var.db(), c.var.buyerEmail!, c.req.valid('param').handle, true), 200))
  .openapi(followRoute('delete'), async (c) => c.json(await followSeller(c.env, c.var.db(), c.var.buyerEmail!, c.req.valid('param').handle, false), 200))
  .openapi(following, async (c) => c.json(await listFollowedStorefronts(c.var.db(), c.var.buyerEmail!), 200))
  .openapi(become, async (c) => {
    const out = await becomeSeller(c.env, c.var.db(), c.var.buyerEmail!, c.req.valid('json'), clientAddress(c.env, c.req.raw));
    setSessionCookie(c, out.token);
    return c.json(out, 201);
  });
