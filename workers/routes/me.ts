import { createRoute, z } from '@hono/zod-openapi';
import { StorefrontBody, StorefrontSchema } from '../../shared/schemas';
import { requireSeller } from '../middleware';
import { updateStorefront } from '../services/storefronts';
import { bearerSecurity, errorResponses, json, jsonBody, newRouter } from './router';

const putStorefront = createRoute({
  method: 'put',
  path: '/api/me/storefront',
  tags: ['sellers'],
  security: bearerSecurity,
  middleware: [requireSeller] as const,
  request: { body: jsonBody(StorefrontBody) },
  responses: { 200: json(z.object({ storefront: StorefrontSchema })), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});

export const meRoutes = newRouter().openapi(putStorefront, async (c) =>
  c.json({ storefront: await updateStorefront(c.env, c.var.db(), c.var.seller!, c.req.valid('json')) }, 200),
);
