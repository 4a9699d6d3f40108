// What one history keeps as it runs (its ids, the orders and events it made, what went wrong), the
// environment of the histories project, and the named steps a timed-out history reports.
import { env } from 'cloudflare:test';
import type { AppEnv } from '../../workers/env';
import type { Db } from '../../workers/storage/db';
import type { orderBody } from '../checkout-helpers';
import type { History } from './generate';

export const appEnv = env as unknown as AppEnv & { HISTORY_FAULT_CONTROL: string; HISTORY_MODE: string; HISTORY_SEED: string; HISTORY_COUNT: string; HISTORY_LIMIT_MS: string; HISTORY_MAX_FAILURES: string };

export interface Ctx {
  h: History;
  tag: string;
  db: Db;
  sellers: { a: string; b: string; ref: string };
  products: [{ id: string; stock: number }, { id: string; stock: number }];
  /** The product with options and its two variants, each with the stock it was created with. */
  variants: { productId: string; items: [{ id: string; stock: number }, { id: string; stock: number }] };
  /** Every order creation attempt by key: the body and what each attempt answered. */
  keys: { key: string; body: ReturnType<typeof orderBody>; answers: { status: number; orderId?: string }[] }[];
  /** The same for the variant orders, kept apart so an old seed's replays pick what they picked before. */
  vkeys: Ctx['keys'];
  /** Variant orders created (apart from `orders`, for the same reason). */
  vorders: { id: string; total: { amount: number; currency: string } }[];
  /** Returning buyers' orders (test/histories/plays/bindings.ts), kept apart for the same reason. */
  rkeys: Ctx['keys'];
  orders: { id: string; total: { amount: number; currency: string }; groupId: string | null; product: 0 | 1 }[];
  groups: string[];
  /** Withdrawals the history's sellers requested. */
  withdrawals: string[];
  /** After-sales opened, with their buyer, for later steps. */
  afterSales: { id: string; email: string }[];
  /** Orders of the limited product (test/histories/plays/limit-ops.ts). */
  lorders: { id: string; total: { amount: number; currency: string } }[];
  events: { raw: { id: string; type: string; orderId: string; amount: { amount: number; currency: string } }; settled: boolean }[];
  /** How far the history's objects' clocks are ahead of real time. */
  clock: number;
  /** Statuses the Worker answered that no operation allows (500s above all). */
  unexpected: string[];
  /** What the history is doing right now (operations in flight, or the recovery step): a hang names it. */
  doing: Set<string>;
  /** Set when the history ran out of time: whatever it still has in flight must not fault Postgres for the others. */
  abandoned: boolean;
}

/** Runs one step of the history, named in `c.doing` while it runs (a timed-out history reports them). */
export async function step<T>(c: Ctx, what: string, fn: () => Promise<T>): Promise<T> {
  c.doing.add(what);
  try {
    return await fn();
  } finally {
    c.doing.delete(what);
  }
}
