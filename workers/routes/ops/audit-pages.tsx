// The ops console's pages (/ops/*): anonymous visitors are sent to sign in, anyone signed in
// without an ops role gets a 403 page. Pages call the same verbs as the ops JSON API.
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import type { Meta } from '../../pages/layout';
import { OpsAuditPage, OpsForbiddenPage } from '../../pages/ops/audit';
import { listAuditLog } from '../../services/trust/audit';
import { html } from '../html';
import { opsDeskRoutes } from './desk-pages';
import { opsSignalPageRoutes } from './signals-pages';

const meta = (c: Context<Ctx>, title: string): Meta => ({
  title: `${title} · Pinlink`,
  description: messagesOf(c).ops.console,
  url: new URL(c.req.path, c.req.url).toString(),
});

export const opsOnly = createMiddleware<Ctx>(async (c, next) => {
  c.header('Cache-Control', 'private, no-store');
  const s = c.var.session;
  if (!s) {
    const u = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(u.pathname + u.search)}`, 302);
  }
  if (s.role !== 'ops') return html(c, <OpsForbiddenPage meta={meta(c, messagesOf(c).ops.forbiddenTitle)} />, 403);
  await next();
});

export const opsPageRoutes = new Hono<Ctx>()
  .use('/ops', opsOnly)
  .use('/ops/*', opsOnly)
  .route('/', opsDeskRoutes)
  .get('/ops/audit', async (c) => {
    const rows = await listAuditLog(c.var.db(), 200);
    const entries = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    return html(c, <OpsAuditPage meta={meta(c, messagesOf(c).ops.audit)} entries={entries} />);
  })
  .route('/', opsSignalPageRoutes);
