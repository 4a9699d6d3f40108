// The ops refunds page: refunds by state and the flagged ones, with a per-row "retry now" form
// that asks the provider through the same audited verb as POST /api/ops/refunds/{orderId}/retry.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsRefundsPage, REFUND_FILTERS, type RefundFilter } from '../../../pages/ops/orders/refunds';
import { listRefundsForOps, REFUND_FLAG_ATTEMPTS, retryRefundAsOps } from '../../../services/ops/refunds';
import { html } from '../../html';
import { actorOf, idParam, pageMeta, sameOrigin, str } from '../page-helpers';

const filterOf = (v: string | undefined): RefundFilter | undefined => REFUND_FILTERS.find((f) => f === v);

export const opsRefundPageRoutes = new Hono<Ctx>()
  .get('/ops/refunds', async (c) => {
    const t = messagesOf(c).opsRefunds;
    const raw = c.req.query('state');
    const filter = raw === undefined || raw === '' ? 'owed' : filterOf(raw);
    if (!filter) throw new ApiError('invalid_input', `state: one of ${REFUND_FILTERS.join(', ')}`);
    const items = await listRefundsForOps(c.var.db(), filter);
    const order = c.req.query('retried');
    const sent = c.req.query('sent');
    const notice = order && /^[a-z]_[0-9A-Za-z]{6,40}$/.test(order) ? (sent === '1' ? { text: t.sent(order) } : { text: t.notSent(order), warn: true }) : undefined;
    return html(c, <OpsRefundsPage meta={pageMeta(c, t.title)} filter={filter} flagAfter={REFUND_FLAG_ATTEMPTS} items={items} notice={notice} />);
  })
  .post('/ops/refunds/:id/retry', sameOrigin, async (c) => {
    const id = idParam(c);
    const back = filterOf(str((await c.req.parseBody()).state)) ?? 'owed';
    const sent = await retryRefundAsOps({ env: c.env, db: c.var.db() }, actorOf(c), id);
    return c.redirect(`/ops/refunds?state=${back}&retried=${id}&sent=${sent ? 1 : 0}`, 303);
  });
