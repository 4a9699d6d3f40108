// What an ops person does from the console, as verbs over the same services as the ops JSON
// API, each recorded in the audit log with the object before and after.
import { ApiError } from '../../../shared/errors';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { OrderView } from '../../../shared/orders/order-schemas';
import type { LedgerLine } from '../../../shared/ledger/ledger-schemas';
import type { Product, ProductCreate, ProductPatch } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { orderLedgerEntries, productCategories, searchOrderRows, searchProductRows, type OrderSearch } from '../../storage/ops/console-repo';
import { findItemsForOrders, findPaymentsForOrders, type Tx } from '../../storage/orders/orders-repo';
import { findProduct } from '../../storage/catalog/products-repo';
import type { OrderRow } from '../../storage/schema';
import { recordAudit } from '../trust/audit';
import { createProduct, toProductView, toProductViews, updateProduct, withLiveStock } from '../catalog/catalog';
import { advanceOrder, getOrderRecordOrThrow, toOrderView } from '../orders/orders';
import { refundOrder } from '../orders/payments';

export const OPS_PAGE_SIZE = 50;

// ---- products ----

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

export type OrderAction = 'ship' | 'deliver' | 'confirm' | 'complete' | 'refund';

const orderSummary = (o: Pick<OrderRow, 'status' | 'carrier' | 'trackingNumber' | 'refundRequestedAt'>) => ({
  status: o.status,
  ...(o.carrier && o.trackingNumber ? { shipment: { carrier: o.carrier, trackingNumber: o.trackingNumber } } : {}),
  ...(o.refundRequestedAt ? { refundRequested: true } : {}),
});

/**
 * Moves an order through the same verbs for the console and the API (moveOrder underneath),
 * with its audit entry in the transaction that makes the change. A refund's change is the
 * refund being owed: the order turns `refunded` later, when the provider's event arrives.
 */
export async function actOnOrderAsOps(
  deps: { env: AppEnv; db: Db },
  actor: string,
  id: string,
  action: OrderAction,
  input: { carrier?: string; trackingNumber?: string } = {},
): Promise<OrderView> {
  const audit = (tx: Tx, before: OrderRow, after: Parameters<typeof orderSummary>[0]) =>
    recordAudit(tx, { actor, action: `order.${action}`, target: `order:${id}`, before: orderSummary(before), after: orderSummary(after) }).then(() => {});
  const rec =
    action === 'refund'
      ? await refundOrder(deps, id, { reason: 'ops_refund', inTx: (tx, before) => audit(tx, before.order, { ...before.order, refundRequestedAt: new Date() }) })
      : await advanceOrder(
          deps.db,
          id,
          { type: action },
          action === 'ship' ? { carrier: input.carrier ?? '', trackingNumber: input.trackingNumber ?? '' } : {},
          audit,
        );
  return toOrderView(rec);
}
