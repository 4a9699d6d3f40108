// The ops overview page: 30 days of orders and GMV, group outcomes, top sellers, stock alerts.
import { Hono } from 'hono';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import { OpsOverviewPage } from '../../pages/ops/overview';
import { getOpsOverview } from '../../services/ops/overview';
import { html } from '../html';
import { pageMeta } from './page-helpers';

export const opsOverviewPageRoutes = new Hono<Ctx>()
  .get('/ops', async (c) => {
    const data = await getOpsOverview(c.env, c.var.db());
    return html(c, <OpsOverviewPage meta={pageMeta(c, messagesOf(c).opsConsole.overview.title, messagesOf(c).ops.console)} data={data} />);
  });
