// What ops do with products, for the console and the ops JSON API alike: search any product,
// active or not, create and edit, each recorded in the audit log with the product before and after.
import { ApiError } from '../../../shared/errors';
import type { Product, ProductCreate, ProductPatch } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { productCategories, searchProductRows } from '../../storage/ops/search-repo';
import { findProduct } from '../../storage/catalog/products-repo';
import { recordAudit } from '../trust/audit';
import { toProductView, toProductViews, withLiveStock } from '../catalog/catalog';
import { createProduct, updateProduct } from '../catalog/product-writes';

export const OPS_PAGE_SIZE = 50;


export async function searchOpsProducts(db: Db, q: { q?: string; category?: string; page: number }) {
  const rows = await searchProductRows(db, { q: q.q, category: q.category, limit: OPS_PAGE_SIZE + 1, offset: (q.page - 1) * OPS_PAGE_SIZE });
  const categories = await productCategories(db);
  return { items: rows.slice(0, OPS_PAGE_SIZE).map((r) => toProductView(r)), hasMore: rows.length > OPS_PAGE_SIZE, categories };
}

export const listProductCategories = (db: Db) => productCategories(db);

/** Any product, active or not, with what its Stock objects still have. */
export async function getOpsProductOrThrow(env: AppEnv, db: Db, id: string): Promise<Product> {
  const row = await findProduct(db, id);
  if (!row) throw new ApiError('not_found', 'No such product.');
  const [view] = await toProductViews(db, [row]);
  return withLiveStock(env, view!);
}

const auditView = (p: Product) => {
  const { createdAt: _c, updatedAt: _u, stockAvailable: _s, ...rest } = p;
  return rest;
};

export async function createProductAsOps(env: AppEnv, db: Db, actor: string, body: ProductCreate, active = true): Promise<Product> {
  return createProduct(env, db, body, {
    // The API creates products on sale; the console may save one off sale from the start.
    active,
    inTx: (tx, _before, created) => recordAudit(tx, { actor, action: 'product.create', target: `product:${created.id}`, after: auditView(toProductView(created)) }).then(() => {}),
  });
}

/** `changeId` is the Idempotency-Key (the form's, or the API header): a retry applies a stock delta once, and is not audited twice. */
export async function updateProductAsOps(env: AppEnv, db: Db, actor: string, id: string, patch: ProductPatch, changeId?: string): Promise<Product> {
  return updateProduct(env, db, id, patch, changeId, {
    inTx: (tx, before, after) =>
      recordAudit(tx, {
        actor,
        action: 'product.update',
        target: `product:${id}`,
        before: before ? auditView(toProductView(before)) : null,
        after: auditView(toProductView(after)),
      }).then(() => {}),
  });
}
