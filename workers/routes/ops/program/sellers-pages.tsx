// The ops seller pages: every seller's totals, one seller's network, and suspension (an audited
// verb that also ends the seller's sessions), enrollment approval, redirecting back with a plain-words notice.
import { Hono } from 'hono';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsSellerPage, OpsSellersPage, type SellerItem } from '../../../pages/ops/program/sellers';
import { getSellerNetworkOrThrow, listSellersForOps, setSellerSuspension, type SellerSummaryRow } from '../../../services/ops/sellers';
import { decideSeller } from '../../../services/program/enrollment';
import { ApiError } from '../../../../shared/errors';
import { html } from '../../html';
import { actorOf, pageMeta, sameOrigin, slugIdParam } from '../page-helpers';

const toItem = (s: SellerSummaryRow): SellerItem => ({ ...s, suspendedAt: s.suspendedAt ? s.suspendedAt.toISOString() : null });

export const opsSellerPageRoutes = new Hono<Ctx>()
  .get('/ops/sellers', async (c) => {
    const pendingOnly = c.req.query('approval') === 'pending';
    const rows = await listSellersForOps(c.var.db(), pendingOnly ? 'pending' : undefined);
    return html(c, <OpsSellersPage meta={pageMeta(c, messagesOf(c).opsDesk.sellers)} sellers={rows.map(toItem)} pendingOnly={pendingOnly} />);
  })
  .get('/ops/sellers/:id', async (c) => {
    const t = messagesOf(c).opsDesk;
    const n = await getSellerNetworkOrThrow(c.var.db(), slugIdParam(c));
    const done = c.req.query('done');
    const notice =
      done === 'suspended'
        ? { text: t.suspendedDone }
        : done === 'unsuspended'
          ? { text: t.unsuspendedDone }
          : done === 'approved'
            ? { text: messagesOf(c).withdraw.approvedDone }
            : done === 'rejected'
              ? { text: messagesOf(c).withdraw.rejectedDone }
              : done === 'unchanged'
                ? { text: t.nothingChanged, warn: true }
                : undefined;
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

/** Enrollment decisions: the same audited verb as POST /api/ops/sellers/:id/approve and /reject. */
export const opsSellerApprovalRoutes = new Hono<Ctx>().post('/ops/sellers/:id/:decision{approve|reject}', sameOrigin, async (c) => {
  const id = slugIdParam(c);
  const decision = c.req.param('decision') as 'approve' | 'reject';
  try {
    await decideSeller(c.var.db(), actorOf(c), id, decision);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'conflict') return c.redirect(`/ops/sellers/${id}?done=unchanged`, 303);
    throw e;
  }
  return c.redirect(`/ops/sellers/${id}?done=${decision === 'approve' ? 'approved' : 'rejected'}`, 303);
});
