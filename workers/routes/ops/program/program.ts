import { createRoute, z } from '@hono/zod-openapi';
import { ProgramSettingsSchema } from '../../../../shared/program/program-schemas';
import { decideSeller } from '../../../services/program/enrollment';
import { getProgramSettings, putProgramSettingsAudited } from '../../../services/program/settings';
import { asOps, errorResponses, guardedErrors, json, jsonBody, newRouter } from '../../router';

const opsErrors = { ...guardedErrors, 404: errorResponses[404], 409: errorResponses[409] };
const SettingsOut = z.object({ program: ProgramSettingsSchema });

const get = createRoute({
  method: 'get',
  path: '/api/ops/program',
  tags: ['ops'],
  operationId: 'getProgram',
  summary: 'The distribution program\'s settings (分销规则)',
  description: 'Until ops save them: open enrollment, a 30-day `latest` binding, withdrawals from ¥10 with no fee, codes at 5% off.',
  ...asOps,
  responses: { 200: json(SettingsOut), ...guardedErrors },
});

const put = createRoute({
  method: 'put',
  path: '/api/ops/program',
  tags: ['ops'],
  operationId: 'putProgram',
  summary: 'Replace the distribution program\'s settings',
  description:
    'The whole document: enrollment (`open` | `approval` | `after_spend`, with spendThreshold for the last), binding { mode, days | null }, ' +
    'withdrawals { minAmount, feeBps 0..2000 } and codes { percentOff 0..50, maxDiscount? }. Audited. A change applies from the next signup, order or withdrawal; ' +
    'it never moves what already happened (a seller already pending stays pending until ops decide).',
  ...asOps,
  request: { body: jsonBody(ProgramSettingsSchema) },
  responses: { 200: json(SettingsOut), ...guardedErrors },
});

const SellerParam = z.object({ id: z.string().regex(/^s_[0-9A-Za-z_]{6,60}$/, 'malformed seller id') });
const Decided = json(z.object({ seller: z.object({ id: z.string(), handle: z.string(), approval: z.enum(['approved', 'pending', 'rejected']) }) }));

const approve = createRoute({
  method: 'post',
  path: '/api/ops/sellers/{id}/approve',
  tags: ['ops'],
  operationId: 'approveSeller',
  summary: 'Approve a pending (or rejected) seller',
  description: 'pending | rejected → approved: the seller may make links and earns commission on sales from then on. Audited. An approved seller → 409 conflict.',
  ...asOps,
  request: { params: SellerParam },
  responses: { 200: Decided, ...opsErrors },
});

const reject = createRoute({
  method: 'post',
  path: '/api/ops/sellers/{id}/reject',
  tags: ['ops'],
  operationId: 'rejectSeller',
  summary: 'Reject a pending seller',
  description: 'pending → rejected: no links, no commission. Audited. Any other state → 409 conflict (suspension is the lever for an approved seller).',
  ...asOps,
  request: { params: SellerParam },
  responses: { 200: Decided, ...opsErrors },
});

export const opsProgramRoutes = newRouter()
  .openapi(get, async (c) => c.json({ program: await getProgramSettings(c.var.db()) }, 200))
  .openapi(put, async (c) => c.json({ program: await putProgramSettingsAudited(c.var.db(), c.var.session!.sub, c.req.valid('json')) }, 200))
  .openapi(approve, async (c) => c.json(await decideSeller(c.var.db(), c.var.session!.sub, c.req.valid('param').id, 'approve'), 200))
  .openapi(reject, async (c) => c.json(await decideSeller(c.var.db(), c.var.session!.sub, c.req.valid('param').id, 'reject'), 200));
