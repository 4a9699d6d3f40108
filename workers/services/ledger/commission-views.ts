// The seller's own views of the ledger: balances, commission entries and payouts.
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { money, type Money } from '../../../shared/money';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { Db } from '../../storage/db';
import { countSellerOrders, listSellerEntries, listSellerPayouts, sellerBalances } from '../../storage/ledger/ledger-repo';
import type { Exec } from '../../storage/orders/orders-repo';
import type { CommissionEntryRow } from '../../storage/schema';

const cny = (amount: number) => money(amount, 'CNY');


/** Statuses that count as an order on the seller's dashboard: paid for, and not refunded. */
export const COUNTED_ORDER_STATUSES = ['paid', 'confirmed', 'shipped', 'delivered', 'completed'] as const satisfies readonly OrderStatus[];

export interface Earnings {
  pending: Money;
  available: Money;
  paid: Money;
  reversed: Money;
}

export async function getSellerEarnings(db: Exec, sellerId: string): Promise<Earnings> {
  const b = await sellerBalances(db, sellerId);
  return { pending: cny(b.pending), available: cny(b.available), paid: cny(b.paid), reversed: cny(b.reversed) };
}

export const countSellerPaidOrders = (db: Db, sellerId: string) => countSellerOrders(db, sellerId, COUNTED_ORDER_STATUSES);

export interface CommissionEntryView {
  id: string;
  kind: CommissionEntryRow['kind'];
  orderId: string | null;
  level: number | null;
  payoutId: string | null;
  amount: Money;
  from: 'pending' | 'available' | null;
  createdAt: string;
}

// The shared cursor (time and id); a ledger entry's id is its seq, which alone orders the ledger.
const seqCursor = (s: string | undefined) => {
  if (s === undefined) return undefined;
  const { id } = decodeCursor(s);
  if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new ApiError('invalid_input', 'Malformed cursor.');
  return Number(id);
};
const seqNext = (rows: { seq: number; createdAt: Date }[], limit: number) => {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return last ? encodeCursor({ createdAt: last.createdAt, id: String(last.seq) }) : null;
};

export async function listMyCommissions(db: Db, sellerId: string, q: { cursor?: string; limit: number }) {
  const rows = await listSellerEntries(db, sellerId, { beforeSeq: seqCursor(q.cursor), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(
      (e): CommissionEntryView => ({
        id: String(e.seq),
        kind: e.kind,
        orderId: e.orderId,
        level: e.level,
        payoutId: e.payoutId,
        amount: cny(e.amount),
        from: e.fromBucket,
        createdAt: e.createdAt.toISOString(),
      }),
    ),
    nextCursor: seqNext(rows, q.limit),
  };
}

export async function listMyPayouts(db: Db, sellerId: string, q: { cursor?: string; limit: number }) {
  const rows = await listSellerPayouts(db, sellerId, { beforeSeq: seqCursor(q.cursor), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      payoutId: r.payout.id,
      amount: cny(r.amount),
      status: r.payout.status,
      createdAt: r.payout.createdAt.toISOString(),
      paidAt: r.payout.paidAt ? r.payout.paidAt.toISOString() : null,
    })),
    nextCursor: seqNext(rows.map((r) => ({ seq: r.seq, createdAt: r.payout.createdAt })), q.limit),
  };
}
