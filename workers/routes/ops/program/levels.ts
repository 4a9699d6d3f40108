import { createRoute, z } from '@hono/zod-openapi';
import { LevelBody, LevelSchema, SellerIdParam, SellerLevelBody } from '../../../../shared/program/distribution-schemas';
import { createLevel, listLevelViews, setSellerLevel } from '../../../services/program/levels';
import { errorResponses, json, jsonBody, newRouter, asOps, guardedErrors } from '../../router';

const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };

const postLevel = createRoute({
  method: 'post',
  path: '/api/ops/levels',
  tags: ['ops'],
  summary: 'Create a seller level (分销等级)',
  operationId: 'createLevel',
  description:
    'A seller earns the product\'s rate × (1 + boostBps/10000) on orders made while they hold the level (at either commission level; level 2 uses the inviter\'s level). ' +
    'A seller moves up by themselves when a payment meets every condition set in `upgrade` (paid, unrefunded orders attributed to them; what was paid for them; invitees with such an order of their own), ' +
    'each compared with ≥. A level with no condition is given by ops only. Ranks are unique (409 conflict). Audited.',
  ...asOps,
  request: { body: jsonBody(LevelBody) },
  responses: { 201: json(z.object({ level: LevelSchema }), 'Created'), ...opsErrors },
});

const getLevels = createRoute({
  method: 'get',
  path: '/api/ops/levels',
  tags: ['ops'],
  summary: 'The seller levels, lowest rank first',
  operationId: 'listLevels',
  ...asOps,
  responses: { 200: json(z.object({ items: z.array(LevelSchema) })), ...opsErrors },
});

const putSellerLevel = createRoute({
  method: 'put',
  path: '/api/ops/sellers/{id}/level',
  tags: ['ops'],
  summary: "Set a seller's level",
  operationId: 'setSellerLevel',
  description: 'Up or down, or `null` for none; applies to orders made after it. Audited.',
  ...asOps,
  request: { params: SellerIdParam, body: jsonBody(SellerLevelBody) },
  responses: { 200: json(z.object({ sellerId: z.string(), level: LevelSchema.nullable() })), ...opsErrors },
});

export const opsLevelRoutes = newRouter()
  .openapi(postLevel, async (c) => c.json({ level: await createLevel(c.var.db(), c.var.session!.sub, c.req.valid('json')) }, 201))
  .openapi(getLevels, async (c) => c.json({ items: await listLevelViews(c.var.db()) }, 200))
  .openapi(putSellerLevel, async (c) =>
    c.json(await setSellerLevel(c.var.db(), c.var.session!.sub, c.req.valid('param').id, c.req.valid('json').levelId), 200),
  );
