// The ops order pages: the searchable list and one order, where ops ship, deliver and refund
// through the same audited verb as the ops JSON API (services/ops/orders.ts). On bad input the
// same page comes back with the reason in plain words and a 4xx status.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../../../shared/errors';
import { ORDER_STATUSES, type OrderStatus } from '../../../../shared/orders/order-state';
import { ShipBody } from '../../../../shared/orders/order-schemas';
import type { Ctx } from '../../../middleware';
import { messagesOf } from '../../../language';
import { OpsOrderDetailPage, type OrderDetailView } from '../../../pages/ops/orders/order-detail';
import { OpsOrdersPage } from '../../../pages/ops/orders/orders';
import { actOnOrderAsOps, getOpsOrderDetail, searchOpsOrders } from '../../../services/ops/orders';
import { html } from '../../html';
import { actorOf, clean, idParam, pageMeta, pageNumber, sameOrigin, str, type C } from '../page-helpers';

const tOf = (c: C) => messagesOf(c).opsConsole.orders;
const meta = (c: C, title: string) => pageMeta(c, title, messagesOf(c).ops.console);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A YYYY-MM-DD shop day → its start (Asia/Shanghai); `plusDays` 1 for an inclusive end. */
function shopDayStart(s: string, plusDays = 0): Date | undefined {
  const m = DAY.exec(s);
  if (!m) return undefined;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // 2026-02-31 rolls over into March: not a day anyone meant.
  if (utc.toISOString().slice(0, 10) !== s) return undefined;
  return new Date(utc.getTime() - 8 * 3600_000 + plusDays * 86_400_000);
}

async function renderOrder(c: C, id: string, extra: Partial<OrderDetailView> = {}, status: ContentfulStatusCode = 200) {
  const detail = await getOpsOrderDetail(c.var.db(), id);
  return html(c, <OpsOrderDetailPage meta={meta(c, `${tOf(c).id} ${id}`)} view={{ ...detail, ...extra }} />, status);
}

function orderActionError(c: C, e: unknown): { error: string; status: ContentfulStatusCode } {
  if (!(e instanceof ApiError)) throw e;
  const t = tOf(c);
  if (e.code === 'conflict') return { error: t.conflict, status: 409 };
  if (e.code === 'unavailable') return { error: t.unavailable, status: 503 };
  throw e;
}

export const opsOrderPageRoutes = new Hono<Ctx>()
  .get('/ops/orders', async (c) => {
    const t = tOf(c);
    const f = {
      status: clean(c.req.query('status')),
      from: clean(c.req.query('from')),
      to: clean(c.req.query('to')),
      q: clean(c.req.query('q')).slice(0, 254),
    };
    const page = pageNumber(c.req.query('page'));
    const status = f.status ? (ORDER_STATUSES as readonly string[]).includes(f.status) ? (f.status as OrderStatus) : null : undefined;
    const from = f.from ? shopDayStart(f.from) ?? null : undefined;
    const to = f.to ? shopDayStart(f.to, 1) ?? null : undefined;
    const valid = status !== null && from !== null && to !== null && page !== undefined;
    const csv = new URLSearchParams();
    if (status) csv.set('status', status);
    if (from) csv.set('from', from.toISOString());
    if (to) csv.set('to', to.toISOString());
    const csvHref = `/api/ops/orders.csv${csv.size ? `?${csv}` : ''}`;
    const filter = { ...f, page: page ?? 1 };
    if (!valid) return html(c, <OpsOrdersPage meta={meta(c, t.title)} view={{ filter, items: [], hasMore: false, csvHref }} error={t.badFilter} />, 400);
    const result = await searchOpsOrders(c.var.db(), { status, from, to, q: f.q || undefined, page: filter.page });
    return html(c, <OpsOrdersPage meta={meta(c, t.title)} view={{ filter, ...result, csvHref }} />);
  })
  .get('/ops/orders/:id', async (c) => {
    const done = c.req.query('done');
    const ok = done === 'ship' || done === 'deliver' || done === 'refund' ? tOf(c).done[done] : undefined;
    return renderOrder(c, idParam(c), { ok });
  })
  .post('/ops/orders/:id/ship', sameOrigin, async (c) => {
    const id = idParam(c);
    const form = await c.req.parseBody();
    const typed = { carrier: str(form.carrier), trackingNumber: str(form.trackingNumber) };
    const body = ShipBody.safeParse(typed);
    if (!body.success) return renderOrder(c, id, { error: tOf(c).shipMissing, ship: { ...typed, invalid: true } }, 422);
    try {
      await actOnOrderAsOps({ env: c.env, db: c.var.db() }, actorOf(c), id, 'ship', body.data);
    } catch (e) {
      const { error, status } = orderActionError(c, e);
      return renderOrder(c, id, { error, ship: typed }, status);
    }
    return c.redirect(`/ops/orders/${id}?done=ship`, 303);
  })
  .post('/ops/orders/:id/:action{deliver|refund}', sameOrigin, async (c) => {
    const id = idParam(c);
    const action = c.req.param('action') as 'deliver' | 'refund';
    try {
      await actOnOrderAsOps({ env: c.env, db: c.var.db() }, actorOf(c), id, action);
    } catch (e) {
      const { error, status } = orderActionError(c, e);
      return renderOrder(c, id, { error }, status);
    }
    return c.redirect(`/ops/orders/${id}?done=${action}`, 303);
  });
