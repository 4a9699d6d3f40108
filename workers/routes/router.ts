import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ApiError } from '../../shared/errors';
import { ErrorSchema } from '../../shared/schemas';
import { requireBuyer, requireOps, requireSeller, type Ctx } from '../middleware';

export function describeZodError(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/** Every router turns validation failures into the API's 400 invalid_input envelope. */
export function newRouter() {
  return new OpenAPIHono<Ctx>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError('invalid_input', describeZodError(result.error as ZodError));
    },
  });
}

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

export const errorResponses = {
  400: err('invalid_input'),
  401: err('unauthorized'),
  403: err('forbidden'),
  404: err('not_found'),
  409: err('conflict and friends'),
  429: err('rate_limited'),
} as const;

export const json = <T>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
/**
 * The document's security schemes. All four are bearer tokens; they are named apart because each
 * is issued by a different route and opens a different set of operations.
 */
export const SECURITY_SCHEMES = {
  sellerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A seller account's session token, from POST /api/auth/signup or /api/auth/login (or the session cookie)." },
  opsToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An ops account's session token, from POST /api/auth/login (or the session cookie)." },
  buyerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A buyer's token, from POST /api/buyer/session after the emailed code (or the buyer cookie)." },
  orderToken: { type: 'http', scheme: 'bearer', description: 'The orderToken that POST /api/orders returned for that one order.' },
} as const;
type Scheme = keyof typeof SECURITY_SCHEMES;
/** A security requirement: any one of the named schemes will do. */
export const anyOf = (...schemes: Scheme[]) => schemes.map((s) => ({ [s]: [] as string[] }));

/** Route options for an operation anyone may call. */
export const isPublic = { security: [] as Record<string, string[]>[] };
/** Route options for a signed-in seller, ops account or buyer: the scheme and the guard. */
export const asSeller = { security: anyOf('sellerToken'), middleware: requireSeller };
export const asOps = { security: anyOf('opsToken'), middleware: requireOps };
export const asBuyer = { security: anyOf('buyerToken'), middleware: requireBuyer };

/** What any guarded route with input can answer besides success. */
export const guardedErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] } as const;
