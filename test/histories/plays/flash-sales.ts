// The histories' flash sales (秒杀): a product of the history's own with a sale on it, bursts of
// buyers through the API, payments, a plain order of the product beside the sale, and ops stopping
// the sale early. Invariants: the sale never sells more than its quantity, and the product's stock
// is conserved: what the sale did not sell comes back to the product, exactly once.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { inArray } from 'drizzle-orm';
import type { FlashSale } from '../../../workers/objects/flash-sale';
import type { Stock } from '../../../workers/objects/stock';
import type { Db } from '../../../workers/storage/db';
import { orderItems, orders } from '../../../workers/storage/schema';
import { orderBody, placeOrder } from '../../checkout-helpers';
import { callJson, createProduct, opsToken } from '../../helpers';
import type { FlashOp } from './flash-sale-ops';
import { afterRestart, stockStub } from '../objects';

type Event = { raw: { id: string; type: string; orderId: string; amount: { amount: number; currency: string } }; settled: boolean };
/** What of a history's context these steps use (run.ts's Ctx has it). */
export interface FlashCtx {
  h: { allow503: boolean };
  tag: string;
  db: Db;
  clock: number;
  events: Event[];
  unexpected: string[];
}

interface SaleState {
  ready: Promise<{ productId: string; saleId: string } | null>;
  stock: number;
  quantity: number;
  orders: { id: string; total: { amount: number; currency: string } }[];
}
const sales = new WeakMap<object, SaleState>();
const PRICE = 700;

function expect503(c: FlashCtx, what: string, status: number, allowed: number[]) {
  if (!allowed.includes(status) && !(c.h.allow503 && status === 503)) c.unexpected.push(`flash sale: ${what} answered ${status}`);
}

async function makeSale(c: FlashCtx, op: FlashOp) {
  const p = await createProduct({ stock: op.stock, title: `flash ${c.tag}` }).catch(() => null);
  if (!p) return null;
  const now = Date.now();
  const r = await callJson('/api/ops/flash-sales', {
    token: await opsToken(),
    body: { productId: p.id, price: { amount: PRICE, currency: 'CNY' }, quantity: op.quantity, startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() },
  });
  expect503(c, 'creation', r.status, [201]);
  return r.status === 201 ? { productId: p.id as string, saleId: r.body.flashSale.id as string } : null;
}

export async function runFlashOp(c: FlashCtx, op: FlashOp, deliver: (c: never, ev: Event) => Promise<number>) {
  let s = sales.get(c);
  if (!s) sales.set(c, (s = { ready: makeSale(c, op), stock: op.stock, quantity: op.quantity, orders: [] }));
  const sale = await s.ready;
  if (!sale) return;
  const buy = async (i: number, flash: boolean) => {
    const body = { ...orderBody([{ productId: sale.productId, quantity: 1 }]), ...(flash ? { flashSale: sale.saleId } : {}) };
    body.buyer.email = `${c.tag}-f${s!.orders.length}-${i}-${Math.random().toString(36).slice(2, 7)}@hist.test`;
    const r = await placeOrder(body);
    expect503(c, 'an order', r.status, [201, 409]);
    if (r.status === 409 && !['out_of_stock', 'ended'].includes(r.body?.error?.code)) c.unexpected.push(`flash sale: an order refused with ${r.body?.error?.code}`);
    if (r.status === 201) {
      if (flash && r.body.order.total.amount !== PRICE) c.unexpected.push(`flash sale: an order of one unit costs ${r.body.order.total.amount}, not the sale price ${PRICE}`);
      s!.orders.push({ id: r.body.order.id, total: r.body.order.total });
    }
  };
  await Promise.all([
    ...Array.from({ length: op.buyers }, (_, i) => buy(i, true)),
    ...(op.plain ? [buy(op.buyers, false)] : []),
    ...(op.stop ? [callJson(`/api/ops/flash-sales/${sale.saleId}/stop`, { method: 'POST', token: await opsToken() }).then((r) => expect503(c, 'stop', r.status, [200, 409]))] : []),
  ]);
  for (let i = 0; i < op.pay && i < s.orders.length; i++) {
    const o = s.orders[(s.orders.length - 1 - i) % s.orders.length]!;
    const ev: Event = { raw: { id: `evt_${c.tag}_f${c.events.length}`, type: 'payment.succeeded', orderId: o.id, amount: o.total }, settled: false };
    c.events.push(ev);
    await deliver(c as never, ev);
  }
}

interface Units {
  held: number;
  committed: number;
  /** restocks rows by prefix */
  rows: { ref: string; qty: number }[];
  available: number;
}

const readUnits = (name: string) =>
  afterRestart(() =>
    runInDurableObject(stockStub(name) as DurableObjectStub<Stock>, (_i: Stock, state: DurableObjectState): Units | null => {
      const sql = state.storage.sql;
      const st = sql.exec<{ total: number; base_committed: number }>('SELECT total, base_committed FROM stock_state WHERE id = 1').toArray()[0];
      if (!st) return null;
      const sums = sql
        .exec<{ held: number; committed: number }>(`SELECT coalesce(sum(CASE WHEN state = 'held' THEN qty END), 0) AS held, coalesce(sum(CASE WHEN state = 'committed' THEN qty END), 0) AS committed FROM reservations`)
        .one();
      const rows = sql.exec<{ ref: string; qty: number }>('SELECT ref, qty FROM restocks').toArray();
      return { held: sums.held, committed: sums.committed, rows, available: st.total - sums.held - sums.committed - st.base_committed };
    }),
  );

const sum = (rows: { qty: number }[]) => rows.reduce((n, r) => n + r.qty, 0);

/**
 * At the end of time, the sale's holds lapse (its object's clock moves on with the history's) and
 * the sale ends, giving back what it did not sell; then every unit is accounted for.
 */
async function settle(c: FlashCtx, sale: { productId: string; saleId: string }) {
  for (const name of [sale.saleId, sale.productId]) {
    await afterRestart(() => runInDurableObject(stockStub(name) as DurableObjectStub<Stock>, (i: Stock) => void (i.now = () => Date.now() + c.clock)));
    await afterRestart(() => runDurableObjectAlarm(stockStub(name)));
  }
  await callJson(`/api/ops/flash-sales/${sale.saleId}/stop`, { method: 'POST', token: await opsToken() });
  const obj = env.FLASH_SALE.get(env.FLASH_SALE.idFromName(sale.saleId)) as DurableObjectStub<FlashSale>;
  for (let i = 0; i < 3 && !(await obj.get())?.settled; i++) await runDurableObjectAlarm(obj);
}

export async function checkFlashSales(c: FlashCtx, opts: { final: boolean }): Promise<string[]> {
  const s = sales.get(c);
  const sale = s && (await s.ready);
  if (!s || !sale) return [];
  if (opts.final) await settle(c, sale);
  const bad: string[] = [];
  const own = await readUnits(sale.saleId);
  const product = await readUnits(sale.productId);
  if (!product) return [`flash sale ${sale.saleId}: the product's Stock object does not exist`];
  const aside = -sum(product.rows.filter((r) => r.ref.startsWith(`${sale.saleId}:aside`)));
  const returned = sum(product.rows.filter((r) => r.ref.startsWith(`${sale.saleId}:return`)));
  const drained = own ? -sum(own.rows.filter((r) => r.ref.startsWith('close:'))) : 0;
  const sold = own?.committed ?? 0;
  if (aside !== s.quantity) bad.push(`flash sale ${sale.saleId}: ${aside} units set aside, the sale has ${s.quantity}`);
  if (own && own.held + own.committed + drained > s.quantity) bad.push(`flash sale ${sale.saleId}: held ${own.held} + sold ${own.committed} + given back ${drained} > its quantity ${s.quantity}`);
  if (returned > drained) bad.push(`flash sale ${sale.saleId}: the product got ${returned} units back, the sale gave back ${drained}`);
  if (product.available < 0) bad.push(`flash sale ${sale.saleId}: the product's available units went below zero (${product.available})`);
  // Postgres agrees with the sale's object on what it sold.
  const lines = s.orders.length ? await c.db.select().from(orderItems).where(inArray(orderItems.orderId, s.orders.map((o) => o.id))) : [];
  const rows = lines.length ? await c.db.select().from(orders).where(inArray(orders.id, lines.map((l) => l.orderId))) : [];
  const status = new Map(rows.map((o) => [o.id, o.status]));
  const soldPg = lines.filter((l) => l.stockUnit === sale.saleId && ['paid', 'shipped', 'delivered', 'completed'].includes(status.get(l.orderId) ?? '')).reduce((n, l) => n + l.quantity, 0);
  if (soldPg > s.quantity) bad.push(`flash sale ${sale.saleId}: Postgres has ${soldPg} units sold, more than its quantity ${s.quantity}`);
  if (soldPg !== sold) bad.push(`flash sale ${sale.saleId}: Postgres says ${soldPg} sold, its object ${sold}`);
  if (opts.final) {
    if (returned + sold !== s.quantity) bad.push(`flash sale ${sale.saleId}: at the end ${sold} sold + ${returned} returned ≠ its quantity ${s.quantity}`);
    if (product.held !== 0 || (own?.held ?? 0) !== 0) bad.push(`flash sale ${sale.saleId}: units still held after every window ended`);
    // The product's stock conserved: free + sold as the product + sold by the sale = what it had.
    if (product.available + product.committed + sold !== s.stock) bad.push(`flash sale ${sale.saleId}: product free ${product.available} + sold ${product.committed} + sold by the sale ${sold} ≠ its stock ${s.stock}`);
    if ([...status.values()].includes('pending_payment')) bad.push(`flash sale ${sale.saleId}: an order still pending_payment after every window ended`);
  }
  return bad;
}
