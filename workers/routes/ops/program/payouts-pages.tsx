// The ops payouts page: batches of approved withdrawals and the clawbacks sellers still owe. Creating a
// batch and marking one paid go through the audited ledger verbs and redirect back with a notice.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsPayoutsPage } from '../../../pages/ops/program/payouts';
import { csvCell } from '../../../services/orders/orders';
import { exportPayoutCsv, listPayouts } from '../../../services/program/payout-batches';
import { createPayoutBatchAudited, listClawbacksCarried, markPayoutPaidAudited } from '../../../services/ops/payouts';
import { html } from '../../html';
import { actorOf, pageMeta, sameOrigin, slugIdParam } from '../page-helpers';

export const opsPayoutPageRoutes = new Hono<Ctx>()
  .get('/ops/payouts', async (c) => {
    const t = messagesOf(c).opsDesk;
    const db = c.var.db();
    const [payouts, clawbacks] = await Promise.all([listPayouts(db, { limit: 50 }), listClawbacksCarried(db)]);
    const done = c.req.query('done');
    const n = Number(c.req.query('n') ?? '0');
    const notice =
      done === 'created' ? { text: t.batchCreated(Number.isSafeInteger(n) ? n : 0) } : done === 'none' ? { text: t.nothingToPay, warn: true } : done === 'paid' ? { text: t.markedPaid } : undefined;
    return html(
      c,
      <OpsPayoutsPage meta={pageMeta(c, t.payouts)} payouts={payouts.items} clawbacks={clawbacks} notice={notice} />,
    );
  })
  .post('/ops/payouts', sameOrigin, async (c) => {
    try {
      const out = await createPayoutBatchAudited(c.var.db(), actorOf(c));
      return c.redirect(`/ops/payouts?done=created&n=${out.payout.sellerCount}`, 303);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return c.redirect('/ops/payouts?done=none', 303);
      throw e;
    }
  })
  .post('/ops/payouts/:id/mark-paid', sameOrigin, async (c) => {
    await markPayoutPaidAudited(c.var.db(), actorOf(c), slugIdParam(c));
    return c.redirect('/ops/payouts?done=paid', 303);
  })
  // The transfer file, for a browser signed in with the page session (the API route wants a bearer).
  .get('/ops/payouts/:file{[A-Za-z0-9_-]{1,64}\\.csv}', async (c) => {
    const id = c.req.param('file').slice(0, -'.csv'.length);
    const text = await exportPayoutCsv(c.var.db(), id, csvCell);
    return new Response(text, {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="payout-${id}.csv"`, 'cache-control': 'private, no-store' },
    });
  });
