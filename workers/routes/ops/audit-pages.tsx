// The ops audit page: the newest entries of the audit log, who changed what, before and after.
import { Hono } from 'hono';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import { OpsAuditPage } from '../../pages/ops/audit';
import { listAuditLog } from '../../services/trust/audit';
import { html } from '../html';
import { pageMeta } from './page-helpers';

export const opsAuditPageRoutes = new Hono<Ctx>().get('/ops/audit', async (c) => {
  const rows = await listAuditLog(c.var.db(), 200);
  const entries = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return html(c, <OpsAuditPage meta={pageMeta(c, messagesOf(c).ops.audit)} entries={entries} />);
});
