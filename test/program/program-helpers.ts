// Helpers for the distribution program tests: settings and clock moves straight through SQL, a
// Db that counts statements, and paid orders with a code or a ref.
import { eq, inArray, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from '../../shared/program/program-schemas';
import { putProgramSettings } from '../../workers/services/program/settings';
import type { Db } from '../../workers/storage/db';
import { buyerBindings, orders, sellerLevels, sellers } from '../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { db } from '../ledger-helpers';
import { callJson, uniq } from '../helpers';

export const setBinding = (binding: ProgramSettings['binding']) => db((d) => putProgramSettings(d, { ...DEFAULT_PROGRAM_SETTINGS, binding }));
export const setCodes = (codes: ProgramSettings['codes']) => db((d) => putProgramSettings(d, { ...DEFAULT_PROGRAM_SETTINGS, codes }));
export const resetProgram = () => db((d) => putProgramSettings(d, DEFAULT_PROGRAM_SETTINGS));

export const buyerEmail = () => `${uniq('bb')}@example.test`.toLowerCase();

export async function order(opts: { productId: string; quantity?: number; email: string; ref?: string; promoCode?: string; token?: string; items?: { productId: string; quantity: number }[] }) {
  const body = orderBody(opts.items ?? [{ productId: opts.productId, quantity: opts.quantity ?? 1 }], {
    ...(opts.ref ? { ref: opts.ref } : {}),
    ...(opts.promoCode ? { promoCode: opts.promoCode } : {}),
  }) as ReturnType<typeof orderBody> & { buyer: { email: string } };
  body.buyer.email = opts.email;
  const r = await placeOrder(body, uniq('idem-'), opts.token ? { authorization: `Bearer ${opts.token}` } : {});
  return r;
}

/** Places and pays an order; returns its view (GET /api/orders/:id with its token). */
export async function paid(opts: Parameters<typeof order>[0]) {
  const r = await order(opts);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const pay = await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
  expect(pay.body.outcome).toBe('paid');
  return viewOrder(r.body.order.id, r.body.orderToken);
}

export async function viewOrder(id: string, token: string) {
  const v = await callJson(`/api/orders/${id}`, { token });
  expect(v.status).toBe(200);
  return v.body.order as {
    id: string;
    total: { amount: number };
    subtotal: { amount: number };
    discount: { amount: number };
    items: { productId: string; payAmount: { amount: number }; unitPrice: { amount: number }; quantity: number }[];
    attribution: { sellerId: string; source: string | null; commissionable: boolean; linkId: string | null } | null;
  };
}

export const bindingOf = (email: string) => db(async (d) => (await d.select().from(buyerBindings).where(eq(buyerBindings.buyerEmail, email)))[0] ?? null);

/** Test-only clock move: the buyer's binding lapsed a minute ago. */
export const lapseBinding = (email: string) => db((d) => d.update(buyerBindings).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(buyerBindings.buyerEmail, email)));

/** Test-only clock move: the binding was made `days` days ago (its expiry moves with it). */
export const ageBinding = (email: string, days: number) =>
  db((d) =>
    d
      .update(buyerBindings)
      .set({ boundAt: sql`bound_at - make_interval(days => ${days})`, expiresAt: sql`expires_at - make_interval(days => ${days})` })
      .where(eq(buyerBindings.buyerEmail, email)),
  );

export const setApproval = (sellerId: string, approval: 'approved' | 'pending' | 'rejected') => db((d) => d.update(sellers).set({ approval }).where(eq(sellers.id, sellerId)));
export const setSuspended = (sellerId: string, on: boolean) => db((d) => d.update(sellers).set({ suspendedAt: on ? new Date() : null }).where(eq(sellers.id, sellerId)));
export const sellerLevelId = (sellerId: string) => db(async (d) => (await d.select({ levelId: sellers.levelId }).from(sellers).where(eq(sellers.id, sellerId)))[0]?.levelId ?? null);
export const orderRow = (id: string) => db(async (d) => (await d.select().from(orders).where(eq(orders.id, id)))[0]!);
export const dropLevels = (ids: string[]) =>
  db(async (d) => {
    if (ids.length) await d.delete(sellerLevels).where(inArray(sellerLevels.id, ids));
  });

/** A Db that counts the statements made through it (each query builder started, execute or transaction). */
export function countingDb(real: Db) {
  const counted: string[] = [];
  const STATEMENTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'transaction']);
  const proxy = new Proxy(real, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v === 'function' && STATEMENTS.has(String(prop))) {
        return (...args: unknown[]) => {
          counted.push(String(prop));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db: proxy, counted };
}
