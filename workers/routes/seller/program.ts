import { createRoute } from '@hono/zod-openapi';
import { SellerCodeBody, SellerCodeCreated, SellerCodeList } from '../../../shared/program/distribution-schemas';
import { createSellerCode, listMyCodes } from '../../services/program/codes';
import { errorResponses, json, jsonBody, newRouter, asSeller, guardedErrors } from '../router';

const postCode = createRoute({
  method: 'post',
  path: '/api/me/codes',
  tags: ['sellers'],
  summary: "Set the caller's seller code (推广码)",
  operationId: 'createMyCode',
  description:
    '4–16 characters of A-Z and 0-9, any case (kept upper-case). Unique regardless of case: 409 conflict when another seller has it. ' +
    'One active code per seller: the new one replaces the old, which stops working at checkout. 403 forbidden for a pending or rejected seller. ' +
    'At checkout (`promoCode` on POST /api/orders) it takes the program\'s percentOff (capped by maxDiscount) off a plain order and attributes it to the seller (source "code").',
  ...asSeller,
  request: { body: jsonBody(SellerCodeBody) },
  responses: { 201: json(SellerCodeCreated, 'Created'), ...guardedErrors, 409: errorResponses[409] },
});

const getCodes = createRoute({
  method: 'get',
  path: '/api/me/codes',
  tags: ['sellers'],
  summary: "The caller's seller codes, the active one first",
  operationId: 'listMyCodes',
  ...asSeller,
  responses: { 200: json(SellerCodeList), ...guardedErrors },
});

export const sellerProgramRoutes = newRouter()
  .openapi(postCode, async (c) => c.json(await createSellerCode(c.var.db(), c.var.seller!, c.req.valid('json').code), 201))
  .openapi(getCodes, async (c) => c.json(await listMyCodes(c.var.db(), c.var.seller!.id), 200));
