// The ops product pages: the searchable list, a new product and the edit form, through the
// same audited verbs as the ops JSON API (services/ops/products.ts). On bad input the same form
// comes back with the reason beside the field and a 4xx status.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../../shared/errors';
import { parseProductForm } from '../../../shared/catalog/ops-product-form';
import { emptyProductForm, productFormValues, productToFormValues } from '../../../shared/catalog/ops-product-form-values';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import { OpsProductFormPage, type ProductFormView } from '../../pages/ops/product-form';
import { OpsProductsPage } from '../../pages/ops/products';
import { createProductAsOps, getOpsProductOrThrow, searchOpsProducts, updateProductAsOps } from '../../services/ops/products';
import { html } from '../html';
import { actorOf, clean, idParam, pageMeta, pageNumber, sameOrigin, type C } from './page-helpers';

const tOf = (c: C) => messagesOf(c).opsConsole;
const meta = (c: C, title: string) => pageMeta(c, title, messagesOf(c).ops.console);
// Each rendered edit form carries its own change id: submitting it twice applies it once.
const newChangeId = () => crypto.randomUUID();

async function renderProductForm(c: C, view: ProductFormView, status: ContentfulStatusCode = 200) {
  const t = tOf(c).form;
  return html(c, <OpsProductFormPage meta={meta(c, view.productId ? t.editTitle : t.newTitle)} view={view} />, status);
}

const savedNotice = (c: C) => {
  const t = tOf(c).form;
  const s = c.req.query('saved');
  return s === 'created' ? t.created : s === '1' ? t.saved : undefined;
};

export const opsProductPageRoutes = new Hono<Ctx>()
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
    const product = await createProductAsOps(c.env, c.var.db(), actorOf(c), parsed.create, values.active);
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
      await updateProductAsOps(c.env, c.var.db(), actorOf(c), id, parsed.patch, values.changeId || undefined);
    } catch (e) {
      // Stock moved under the form (another edit or sales): say so beside the stock fields.
      if (!(e instanceof ApiError) || (e.code !== 'conflict' && e.code !== 'invalid_input')) throw e;
      const current = await getOpsProductOrThrow(c.env, c.var.db(), id);
      const field = parsed.patch.stockDelta !== undefined ? 'stockDelta' : 'stock';
      return renderProductForm(c, { productId: id, available: current.stockAvailable, values: { ...values, stockWas: String(current.stock) }, errors: { [field]: { code: 'stockBelowZero' } } }, 409);
    }
    return c.redirect(`/ops/products/${id}?saved=1`, 303);
  });
