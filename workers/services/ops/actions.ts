// What an ops person does from the console, as verbs over the same services as the ops JSON
// API, each recorded in the audit log with the object before and after.
import { ApiError } from '../../../shared/errors';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { LedgerLine } from '../../../shared/ledger/ledger-schemas';
import type { OrderView } from '../../../shared/orders/order-schemas';
import type { Product, ProductCreate, ProductPatch } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { orderLedgerEntries, productCategories, searchOrderRows, searchProductRows, type OrderSearch } from '../../storage/ops/console-repo';
import { findItemsForOrders, findPaymentsForOrders } from '../../storage/orders/orders-repo';
import { findProduct } from '../../storage/catalog/products-repo';
import { recordAudit } from '../trust/audit';
import { createProduct, toProductView, updateProduct } from '../catalog/catalog';
import { availableStock } from '../catalog/stock';
import { deliverOrder, getOrderRecordOrThrow, shipOrder, toOrderView } from '../orders/orders';
import { refundOrder } from '../orders/payments';

export const OPS_PAGE_SIZE = 50;

// ---- products ----

export async function searchOpsProducts(db: Db, q: { q?: string; category?: string; page: number }) {
  const rows = await searchProductRows(db, { q: q.q, category: q.category, limit: OPS_PAGE_SIZE + 1, offset: (q.page - 1) * OPS_PAGE_SIZE });
  const categories = await productCategories(db);
  return { items: rows.slice(0, OPS_PAGE_SIZE).map(toProductView), hasMore: rows.length > OPS_PAGE_SIZE, categories };
}

export const listProductCategories = (db: Db) => productCategories(db);

/** Any product, active or not, with what its Stock objects still have. */
export async function getOpsProductOrThrow(env: AppEnv, db: Db, id: string): Promise<Product> {
  const row = await findProduct(db, id);
  if (!row) throw new ApiError('not_found', 'No such product.');
  return { ...toProductView(row), stockAvailable: await availableStock(env, id) };
}

const auditView = (p: Product) => {
  const { createdAt: _c, updatedAt: _u, stockAvailable: _s, ...rest } = p;
  return rest;
};

export async function createProductAsOps(env: AppEnv, db: Db, actor: string, body: ProductCreate, active: boolean): Promise<Product> {
  let product = await createProduct(env, db, body);
  // The API creates products on sale; a product saved as inactive is switched off at once.
  if (!active) product = await updateProduct(env, db, product.id, { active: false });
  await recordAudit(db, { actor, action: 'product.create', target: `product:${product.id}`, after: auditView(product) });
  return product;
}

/** `changeId` comes from the form, so a double submit (or a retry) applies a stock delta once. */
export async function updateProductAsOps(env: AppEnv, db: Db, actor: string, id: string, patch: ProductPatch, changeId?: string): Promise<Product> {
  const before = await findProduct(db, id);
  if (!before) throw new ApiError('not_found', 'No such product.');
  const after = await updateProduct(env, db, id, patch, changeId);
  await recordAudit(db, { actor, action: 'product.update', target: `product:${id}`, before: auditView(toProductView(before)), after: auditView(after) });
  return after;
}

// ---- orders ----

export async function searchOpsOrders(db: Db, f: Omit<OrderSearch, 'limit' | 'offset'> & { page: number }) {
  const rows = await searchOrderRows(db, { ...f, limit: OPS_PAGE_SIZE + 1, offset: (f.page - 1) * OPS_PAGE_SIZE });
  const page = rows.slice(0, OPS_PAGE_SIZE);
  const ids = page.map((r) => r.id);
  const [items, pays] = await Promise.all([findItemsForOrders(db, ids), findPaymentsForOrders(db, ids)]);
  return {
    items: page.map((order) => toOrderView({ order, items: items.filter((i) => i.orderId === order.id), payment: pays.find((p) => p.orderId === order.id) })),
    hasMore: rows.length > OPS_PAGE_SIZE,
  };
}

export type { LedgerLine };

export async function getOpsOrderDetail(db: Db, id: string): Promise<{ order: OrderView; ledger: LedgerLine[] }> {
  const [rec, entries] = await Promise.all([getOrderRecordOrThrow(db, id), orderLedgerEntries(db, id)]);
  return {
    order: toOrderView(rec),
    ledger: entries.map((e) => ({ seq: e.seq, kind: e.kind, sellerId: e.sellerId, handle: e.handle, level: e.level, amount: e.amount, createdAt: e.createdAt.toISOString() })),
  };
}

type OrderAction = 'ship' | 'deliver' | 'refund';

const orderSummary = (o: { status: OrderStatus; shipment?: OrderView['shipment']; refundRequested?: boolean }) => ({
  status: o.status,
  ...(o.shipment ? { shipment: o.shipment } : {}),
  ...(o.refundRequested ? { refundRequested: true } : {}),
});

/** Moves an order through the same verbs as the API (moveOrder underneath) and records it. */
export async function actOnOrderAsOps(
  deps: { env: AppEnv; db: Db },
  actor: string,
  id: string,
  action: OrderAction,
  input: { carrier?: string; trackingNumber?: string } = {},
): Promise<OrderView> {
  const before = toOrderView(await getOrderRecordOrThrow(deps.db, id));
  const rec =
    action === 'ship'
      ? await shipOrder(deps.db, id, { carrier: input.carrier ?? '', trackingNumber: input.trackingNumber ?? '' })
      : action === 'deliver'
        ? await deliverOrder(deps.db, id)
        : await refundOrder(deps, id);
  const after = toOrderView(rec);
  await recordAudit(deps.db, { actor, action: `order.${action}`, target: `order:${id}`, before: orderSummary(before), after: orderSummary(after) });
  return after;
}
