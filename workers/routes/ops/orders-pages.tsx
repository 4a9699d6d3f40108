// The ops console's overview, product and order pages: thin handlers over the same verbs as
// the ops JSON API (services/ops-actions.ts adds the audit entry). Posts are Origin-checked,
// answer with a redirect on success (so a reload never repeats them) and, on bad input,
// the same form again with the reason in plain words and a 4xx status.
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../../shared/errors';
import { ORDER_STATUSES, type OrderStatus } from '../../../shared/orders/order-state';
import { ShipBody } from '../../../shared/orders/order-schemas';
import { emptyProductForm, parseProductForm, productFormValues, productToFormValues } from '../../../shared/catalog/ops-product-form';
import { IdSchema } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import type { Meta } from '../../pages/layout';
import { OpsOrderDetailPage, type OrderDetailView } from '../../pages/ops/order-detail';
import { OpsOrdersPage } from '../../pages/ops/orders';
import { OpsOverviewPage } from '../../pages/ops/overview';
import { OpsProductFormPage, type ProductFormView } from '../../pages/ops/product-form';
import { OpsProductsPage } from '../../pages/ops/products';
import { actOnOrderAsOps, createProductAsOps, getOpsOrderDetail, getOpsProductOrThrow, searchOpsOrders, searchOpsProducts, updateProductAsOps } from '../../services/ops/actions';
import { getOpsOverview } from '../../services/ops/overview';
import { sameOrigin } from '../seller/dashboard-pages';
import { html } from '../html';
import { opsOnly } from './audit-pages';

type C = Context<Ctx>;

const tOf = (c: C) => messagesOf(c).opsConsole;
const meta = (c: C, title: string): Meta => ({
  title: `${title} · ${messagesOf(c).ops.console}`,
  description: messagesOf(c).ops.console,
  url: new URL(c.req.path, c.req.url).toString(),
});
const actor = (c: C) => c.var.session!.sub;
// Postgres text cannot hold NUL: a query or form value with one is read without it.
const clean = (v: string | undefined) => (v ?? '').replace(/\0/g, '').trim();
const str = (v: unknown) => (typeof v === 'string' ? clean(v) : '');
// Each rendered edit form carries its own change id: submitting it twice applies it once.
const newChangeId = () => crypto.randomUUID();

/** A path id that is not even well-formed is simply a page that does not exist. */
function idParam(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!IdSchema.safeParse(id).success) throw new ApiError('not_found', 'No such page.');
  return id;
}

function pageNumber(s: string | undefined): number | undefined {
  if (!s) return 1;
  return /^[1-9][0-9]{0,3}$/.test(s) ? Number(s) : undefined;
}

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

// ---- products ----

async function renderProductForm(c: C, view: ProductFormView, status: ContentfulStatusCode = 200) {
  const t = tOf(c).form;
  return html(c, <OpsProductFormPage meta={meta(c, view.productId ? t.editTitle : t.newTitle)} view={view} />, status);
}

const savedNotice = (c: C) => {
  const t = tOf(c).form;
  const s = c.req.query('saved');
  return s === 'created' ? t.created : s === '1' ? t.saved : undefined;
};

// ---- orders ----

async function renderOrder(c: C, id: string, extra: Partial<OrderDetailView> = {}, status: ContentfulStatusCode = 200) {
  const detail = await getOpsOrderDetail(c.var.db(), id);
  return html(c, <OpsOrderDetailPage meta={meta(c, `${tOf(c).orders.id} ${id}`)} view={{ ...detail, ...extra }} />, status);
}

function orderActionError(c: C, e: unknown): { error: string; status: ContentfulStatusCode } {
  if (!(e instanceof ApiError)) throw e;
  const t = tOf(c).orders;
  if (e.code === 'conflict') return { error: t.conflict, status: 409 };
  if (e.code === 'unavailable') return { error: t.unavailable, status: 503 };
  throw e;
}

export const opsConsoleRoutes = new Hono<Ctx>()
  .use('/ops', opsOnly)
  .use('/ops/*', opsOnly)
  .get('/ops', async (c) => {
    const data = await getOpsOverview(c.env, c.var.db());
    return html(c, <OpsOverviewPage meta={meta(c, tOf(c).overview.title)} data={data} />);
  })

  .get('/ops/products', async (c) => {
    const q = clean(c.req.query('q')).slice(0, 200);
    const category = clean(c.req.query('category')).slice(0, 60);
    const page = pageNumber(c.req.query('page'));
    const result = await searchOpsProducts(c.var.db(), { q: q || undefined, category: category || undefined, page: page ?? 1 });
    const view = { ...result, q, category, page: page ?? 1 };
    return html(c, <OpsProductsPage meta={meta(c, tOf(c).products.title)} view={view} />, page ? 200 : 400);
  })
  .get('/ops/products/new', (c) => renderProductForm(c, { values: emptyProductForm(newChangeId()), errors: {} }))
  .post('/ops/products/new', sameOrigin, async (c) => {
    const values = productFormValues(await c.req.parseBody());
    const parsed = parseProductForm(values, 'create');
    if (!parsed.ok) return renderProductForm(c, { values, errors: parsed.errors }, 422);
    const product = await createProductAsOps(c.env, c.var.db(), actor(c), parsed.create, values.active);
    return c.redirect(`/ops/products/${product.id}?saved=created`, 303);
  })
  .get('/ops/products/:id', async (c) => {
    const product = await getOpsProductOrThrow(c.env, c.var.db(), idParam(c));
    return renderProductForm(c, { productId: product.id, available: product.stockAvailable, values: productToFormValues(product, newChangeId()), errors: {}, ok: savedNotice(c) });
  })
  .post('/ops/products/:id', sameOrigin, async (c) => {
    const id = idParam(c);
    const values = productFormValues(await c.req.parseBody());
    const parsed = parseProductForm(values, 'edit');
    if (!parsed.ok) {
      const current = await getOpsProductOrThrow(c.env, c.var.db(), id);
      return renderProductForm(c, { productId: id, available: current.stockAvailable, values, errors: parsed.errors }, 422);
    }
    try {
      await updateProductAsOps(c.env, c.var.db(), actor(c), id, parsed.patch, values.changeId || undefined);
    } catch (e) {
      // Stock moved under the form (another edit or sales): say so beside the stock fields.
      if (!(e instanceof ApiError) || (e.code !== 'conflict' && e.code !== 'invalid_input')) throw e;
      const current = await getOpsProductOrThrow(c.env, c.var.db(), id);
      const field = parsed.patch.stockDelta !== undefined ? 'stockDelta' : 'stock';
      return renderProductForm(c, { productId: id, available: current.stockAvailable, values: { ...values, stockWas: String(current.stock) }, errors: { [field]: { code: 'stockBelowZero' } } }, 409);
    }
    return c.redirect(`/ops/products/${id}?saved=1`, 303);
  })

  .get('/ops/orders', async (c) => {
    const t = tOf(c).orders;
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
    const ok = done === 'ship' || done === 'deliver' || done === 'refund' ? tOf(c).orders.done[done] : undefined;
    return renderOrder(c, idParam(c), { ok });
  })
  .post('/ops/orders/:id/ship', sameOrigin, async (c) => {
    const id = idParam(c);
    const form = await c.req.parseBody();
    const typed = { carrier: str(form.carrier), trackingNumber: str(form.trackingNumber) };
    const body = ShipBody.safeParse(typed);
    if (!body.success) return renderOrder(c, id, { error: tOf(c).orders.shipMissing, ship: { ...typed, invalid: true } }, 422);
    try {
      await actOnOrderAsOps({ env: c.env, db: c.var.db() }, actor(c), id, 'ship', body.data);
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
      await actOnOrderAsOps({ env: c.env, db: c.var.db() }, actor(c), id, action);
    } catch (e) {
      const { error, status } = orderActionError(c, e);
      return renderOrder(c, id, { error }, status);
    }
    return c.redirect(`/ops/orders/${id}?done=${action}`, 303);
  });
