// The ops groups page: every group with its seats, filtered by status.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsGroupsPage } from '../../../pages/ops/orders/groups';
import { GROUP_FILTERS, listGroupsForOps } from '../../../services/ops/groups';
import { html } from '../../html';
import { pageMeta } from '../page-helpers';

export const opsGroupPageRoutes = new Hono<Ctx>().get('/ops/groups', async (c) => {
  const raw = c.req.query('status');
  const status = GROUP_FILTERS.find((s) => s === raw);
  if (raw !== undefined && raw !== '' && !status) throw new ApiError('invalid_input', 'status: one of open, succeeded, failed');
  const rows = await listGroupsForOps(c.env, c.var.db(), status);
  const groups = rows.map((g) => ({ ...g, expiresAt: g.expiresAt.toISOString() }));
  return html(c, <OpsGroupsPage meta={pageMeta(c, messagesOf(c).opsDesk.groups)} status={status} groups={groups} />);
});
