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
export const bearerSecurity = [{ bearerAuth: [] as string[] }];

/** Route options for a signed-in seller or ops account: the bearer scheme and the guard. */
export const asSeller = { security: bearerSecurity, middleware: requireSeller };
export const asOps = { security: bearerSecurity, middleware: requireOps };
export const asBuyer = { security: bearerSecurity, middleware: requireBuyer };

/** What any guarded route with input can answer besides success. */
export const guardedErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] } as const;
