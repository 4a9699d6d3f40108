import { createRoute, z } from '@hono/zod-openapi';
import { LinkCodeSchema, LinkCreateBody, LinkCreated, LinkSchema } from '../../../shared/schemas';
import { createLink, deactivateMyLink, getMyLinkOrThrow, listMyLinks } from '../../services/links/links';
import { errorResponses, json, jsonBody, newRouter, asSeller, guardedErrors } from '../router';

const origin = (url: string) => new URL(url).origin;

const postLink = createRoute({
  method: 'post',
  path: '/api/links',
  tags: ['links'],
  operationId: 'createLink',
  summary: 'Create a tracked short link',
  description:
    'With neither productId nor groupId the link points at the caller\'s storefront. An unknown or inactive productId → 404 not_found. ' +
    'groupId is checked for format (g_...) only until group buys exist.',
  ...asSeller,
  request: { body: jsonBody(LinkCreateBody) },
  responses: { 201: json(LinkCreated, 'Created'), ...guardedErrors, 404: errorResponses[404], 429: errorResponses[429] },
});

const listLinks = createRoute({
  method: 'get',
  path: '/api/me/links',
  tags: ['links'],
  operationId: 'listMyLinks',
  summary: "The caller's links, newest first, with all-time click totals",
  ...asSeller,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(LinkSchema) })), ...guardedErrors },
});

const CodeParam = z.object({ code: LinkCodeSchema });

const getLink = createRoute({
  method: 'get',
  path: '/api/links/{code}',
  tags: ['links'],
  operationId: 'getLink',
  summary: "One of the caller's links (another seller's link is 404)",
  ...asSeller,
  request: { params: CodeParam },
  responses: { 200: json(z.object({ link: LinkSchema })), ...guardedErrors, 404: errorResponses[404] },
});

const deleteLink = createRoute({
  method: 'delete',
  path: '/api/links/{code}',
  tags: ['links'],
  operationId: 'deleteLink',
  summary: "Deactivates one of the caller's links: its short URL answers 404 from then on",
  ...asSeller,
  request: { params: CodeParam },
  responses: { 204: { description: 'Deactivated' }, ...guardedErrors, 404: errorResponses[404] },
});

export const linkRoutes = newRouter()
  .openapi(postLink, async (c) => c.json(await createLink(c.env, c.var.db(), c.var.seller!, c.req.valid('json'), origin(c.req.url)), 201))
  .openapi(listLinks, async (c) => c.json({ items: await listMyLinks(c.var.db(), c.var.seller!, origin(c.req.url), c.req.valid('query').limit) }, 200))
  .openapi(getLink, async (c) => c.json({ link: await getMyLinkOrThrow(c.var.db(), c.var.seller!, c.req.valid('param').code, origin(c.req.url)) }, 200))
  .openapi(deleteLink, async (c) => {
    await deactivateMyLink(c.env, c.var.db(), c.var.seller!, c.req.valid('param').code);
    return c.body(null, 204);
  });
