import { Hono, type Context } from 'hono';
import { ID_PATTERN } from '../../../shared/ids';
import type { Ctx } from '../../middleware';
import type { Meta } from '../../pages/layout';
import { OrderPage, TestPayPage } from '../../pages/storefront/order';
import { groupInvite } from '../../services/groups/group-invite';
import { getOrderRecordOrThrow, orderTokenOpens, toOrderView } from '../../services/orders/orders';
import { sendTestPaymentEvent } from '../../services/orders/test-payments';
import { messagesOf } from '../../language';
import { html } from '../html';
import { notFoundPage } from './catalog-pages';
import { afterSalePanelFor } from '../../services/aftersales/after-sales';
import { afterSaleErrorOf } from '../buyer/after-sale-pages';

const meta = (c: Context<Ctx>, title: string): Meta => ({ title, description: 'Pinlink order', url: new URL(c.req.path, c.req.url).toString() });

/** An order page opens only with that order's token; anything else looks like a missing page. */
async function openOrder(c: Context<Ctx>, id: string, token: string | undefined) {
  if (!ID_PATTERN.test(id) || !(await orderTokenOpens(c.env, token, id))) return null;
  try {
    return await getOrderRecordOrThrow(c.var.db(), id);
  } catch {
    return null;
  }
}

async function formToken(c: Context<Ctx>): Promise<string | undefined> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return typeof form.t === 'string' ? form.t : undefined;
}

const payEvent = (outcome: 'pay' | 'fail') => async (c: Context<Ctx>) => {
  const id = c.req.param('id') ?? '';
  const token = await formToken(c);
  const rec = await openOrder(c, id, token);
  if (!rec || rec.order.paymentProvider !== 'test') return notFoundPage(c);
  await sendTestPaymentEvent({ env: c.env, db: c.var.db() }, id, outcome);
  return c.redirect(`/o/${id}?t=${encodeURIComponent(token!)}`, 303);
};

export const orderPageRoutes = new Hono<Ctx>()
  .get('/o/:id', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('t');
    const rec = await openOrder(c, id, token);
    const t = messagesOf(c).order;
    if (!rec) return notFoundPage(c, t.missing);
    const order = toOrderView(rec);
    const payUrl = order.status === 'pending_payment' && rec.order.paymentProvider === 'test' ? `/pay/test/${id}?t=${encodeURIComponent(token!)}` : undefined;
    c.header('cache-control', 'private, no-store');
    c.header('referrer-policy', 'no-referrer');
    const invite = order.status === 'awaiting_group' && order.groupId ? await groupInvite(c.env, order.groupId, new URL(c.req.url).origin, messagesOf(c).share) : undefined;
    // Once paid, the buyer's after-sales (售后) sit on the order page; its forms carry the token.
    const panel = order.status === 'pending_payment' || order.status === 'cancelled' ? null : await afterSalePanelFor(c.var.db(), c.env, id);
    const afterSales = panel
      ? {
          panel,
          actions: { ask: `/o/${id}/after-sales`, sendBack: (as: string) => `/o/${id}/after-sales/${as}/return`, hidden: { t: token! } },
          error: afterSaleErrorOf(c),
        }
      : undefined;
    return html(c, <OrderPage meta={meta(c, t.title(id))} order={order} payUrl={payUrl} invite={invite} afterSales={afterSales} />);
  })
  .get('/pay/test/:id', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('t');
    const rec = await openOrder(c, id, token);
    if (!rec || rec.order.paymentProvider !== 'test') return notFoundPage(c);
    c.header('cache-control', 'private, no-store');
    c.header('referrer-policy', 'no-referrer');
    return html(c, <TestPayPage meta={meta(c, messagesOf(c).order.testProvider)} order={toOrderView(rec)} token={token!} />);
  })
  .post('/pay/test/:id/pay', payEvent('pay'))
  .post('/pay/test/:id/fail', payEvent('fail'));
