import { createRoute } from '@hono/zod-openapi';
import { secureCookies } from '../../security-headers';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../../../shared/errors';
import type { Context } from 'hono';
import { LoginBody, LoginResponse, SignupBody, SignupResponse } from '../../../shared/accounts/account-schemas';
import type { Ctx } from '../../middleware';
import { clientAddress } from '../../services/limits/client-address';
import { enrollSeller } from '../../services/program/enrollment';
import { loginAccount } from '../../services/sellers/seller-auth';
import { revokeSession } from '../../services/identity/sessions';
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from '../../services/identity/tokens';
import { anyOf, errorResponses, isPublic, json, jsonBody, newRouter } from '../router';

export function setSessionCookie(c: Context<Ctx>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
}

const signup = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  tags: ['accounts'],
  summary: 'Create a seller account',
  operationId: 'signUp',
  description:
    'Follows the program\'s enrollment rule (GET /api/ops/program): under `open` the seller is approved at once; under `approval` they are `pending` ' +
    '(no links, no commission) until ops approve; under `after_spend` this route answers 403 forbidden and a buyer joins with POST /api/buyer/become-seller.',
  ...isPublic,
  request: { body: jsonBody(SignupBody) },
  responses: { 201: json(SignupResponse, 'Seller created'), 400: errorResponses[400], 403: errorResponses[403], 409: errorResponses[409], 429: errorResponses[429] },
});

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['accounts'],
  summary: 'Sign in to a seller or ops account',
  operationId: 'logIn',
  ...isPublic,
  request: { body: jsonBody(LoginBody) },
  responses: { 200: json(LoginResponse), 400: errorResponses[400], 401: errorResponses[401], 429: errorResponses[429] },
});

const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['accounts'],
  summary: 'End this session',
  operationId: 'logOut',
  security: anyOf('sellerToken', 'opsToken'),
  description: 'Ends this session on the server: the token (or cookie) stops working at once, wherever it was copied.',
  responses: { 204: { description: 'Signed out' }, 401: errorResponses[401] },
});

export const authRoutes = newRouter()
  .openapi(signup, async (c) => {
    const out = await enrollSeller(c.env, c.var.db(), c.req.valid('json'), 'signup', clientAddress(c.env, c.req.raw));
    setSessionCookie(c, out.token);
    return c.json(out, 201);
  })
  .openapi(login, async (c) => {
    const ip = clientAddress(c.env, c.req.raw);
    const out = await loginAccount(c.env, c.var.db(), { ...c.req.valid('json'), ip });
    setSessionCookie(c, out.token);
    return c.json(out, 200);
  })
  .openapi(logout, async (c) => {
    const s = c.var.session;
    if (!s) throw new ApiError('unauthorized', 'Sign in first: the token is missing, expired or invalid.');
    await revokeSession(c.env, s);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
