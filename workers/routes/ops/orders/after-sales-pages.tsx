// /ops/after-sales: the queue by status, and each step as a plain form through the same audited
// verb as POST /api/ops/after-sales/{id}/approve|reject|receive.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { AFTER_SALE_STATUSES, type AfterSaleStatus } from '../../../../shared/orders/after-sale-state';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsAfterSalesPage } from '../../../pages/ops/orders/after-sales';
import { actOnAfterSale, listAfterSalesForOps } from '../../../services/aftersales/ops-after-sales';
import { html } from '../../html';
import { actorOf, idParam, pageMeta, sameOrigin, str, type C } from '../page-helpers';

type Filter = AfterSaleStatus | 'all';
const filterOf = (v: string | undefined): Filter | undefined => (v === 'all' ? 'all' : AFTER_SALE_STATUSES.find((s) => s === v));

const step = (action: 'approve' | 'reject' | 'receive') => async (c: C) => {
  const id = idParam(c);
  const form = await c.req.parseBody();
  const back = filterOf(str(form.status)) ?? 'requested';
  const reason = str(form.reason);
  let ok = true;
  try {
    if (action === 'reject' && (reason === '' || reason.length > 500)) throw new ApiError('invalid_input', 'reason');
    await actOnAfterSale({ env: c.env, db: c.var.db() }, actorOf(c), id, action, action === 'reject' ? reason : undefined);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'not_found') throw e;
    ok = false;
  }
  return c.redirect(`/ops/after-sales?status=${back}&done=${ok ? 1 : 0}`, 303);
};

export const opsAfterSalePageRoutes = new Hono<Ctx>()
  .get('/ops/after-sales', async (c) => {
    const t = messagesOf(c).afterSales.ops;
    const raw = c.req.query('status');
    // The queue opens on what waits for ops: new requests.
    const filter = raw === undefined || raw === '' ? 'requested' : filterOf(raw);
    if (!filter) throw new ApiError('invalid_input', `status: all or one of ${AFTER_SALE_STATUSES.join(', ')}`);
    const { items, counts } = await listAfterSalesForOps(c.var.db(), filter === 'all' ? undefined : filter, 200);
    const done = c.req.query('done');
    const notice = done === '1' ? { text: t.done } : done === '0' ? { text: t.failed, warn: true } : undefined;
    return html(c, <OpsAfterSalesPage meta={pageMeta(c, t.title)} filter={filter} counts={counts} items={items} notice={notice} />);
  })
  .post('/ops/after-sales/:id/approve', sameOrigin, step('approve'))
  .post('/ops/after-sales/:id/reject', sameOrigin, step('reject'))
  .post('/ops/after-sales/:id/receive', sameOrigin, step('receive'));
