// The ops seller pages: every seller's totals, one seller's network, and suspension (an audited
// verb that also ends the seller's sessions), redirecting back with a plain-words notice.
import { Hono } from 'hono';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { OpsSellerPage, OpsSellersPage, type SellerItem } from '../../pages/ops/sellers';
import { getSellerNetworkOrThrow, listSellersForOps, setSellerSuspension, type SellerSummaryRow } from '../../services/ops/sellers';
import { html } from '../html';
import { actorOf, pageMeta, sameOrigin, slugIdParam } from './page-helpers';

const toItem = (s: SellerSummaryRow): SellerItem => ({ ...s, suspendedAt: s.suspendedAt ? s.suspendedAt.toISOString() : null });

export const opsSellerPageRoutes = new Hono<Ctx>()
  .get('/ops/sellers', async (c) => {
    const rows = await listSellersForOps(c.var.db());
    return html(c, <OpsSellersPage meta={pageMeta(c, messagesOf(c).opsDesk.sellers)} sellers={rows.map(toItem)} />);
  })
  .get('/ops/sellers/:id', async (c) => {
    const t = messagesOf(c).opsDesk;
    const n = await getSellerNetworkOrThrow(c.var.db(), slugIdParam(c));
    const done = c.req.query('done');
    const notice =
      done === 'suspended' ? { text: t.suspendedDone } : done === 'unsuspended' ? { text: t.unsuspendedDone } : done === 'unchanged' ? { text: t.nothingChanged, warn: true } : undefined;
    return html(
      c,
      <OpsSellerPage meta={pageMeta(c, `@${n.seller.handle}`)} seller={toItem(n.summary)} upline={n.upline} tree={n.tree} graph={n.graph} size={n.size} truncated={n.truncated} notice={notice} />,
    );
  })
  .post('/ops/sellers/:id/:action{suspend|unsuspend}', sameOrigin, async (c) => {
    const id = slugIdParam(c);
    const suspend = c.req.param('action') === 'suspend';
    const changed = await setSellerSuspension(c.env, c.var.db(), actorOf(c), id, suspend);
    return c.redirect(`/ops/sellers/${id}?done=${changed ? (suspend ? 'suspended' : 'unsuspended') : 'unchanged'}`, 303);
  });
