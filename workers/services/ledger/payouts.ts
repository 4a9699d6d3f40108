// Payout batches: paying every seller's available balance, the transfer file, and marking a
// batch paid. Balance-dependent writes hold the sellers' ledger locks (see commissions.ts).
import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { money, type Money } from '../../../shared/money';
import { recordAudit } from '../../storage/ops/audit-repo';
import type { Db } from '../../storage/db';
import { findPayout, findPayoutLines, insertEntries, insertPayout, listPayoutRows, lockSellers, sellersWithAvailable, setPayoutPaid } from '../../storage/ledger/ledger-repo';
import type { PayoutRow } from '../../storage/schema';


export interface PayoutLine {
  sellerId: string;
  handle: string | null;
  displayName: string | null;
  amount: Money;
}

export interface PayoutView {
  id: string;
  status: PayoutRow['status'];
  total: Money;
  sellerCount: number;
  createdAt: string;
  paidAt: string | null;
}

const cny = (amount: number) => money(amount, 'CNY');

export function toPayoutView(p: PayoutRow): PayoutView {
  return {
    id: p.id,
    status: p.status,
    total: cny(p.totalAmount),
    sellerCount: p.sellerCount,
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt ? p.paidAt.toISOString() : null,
  };
}

/**
 * One batch paying every seller whose available balance, clawbacks netted, is at least
 * `minimum`. Balances are re-read under the sellers' locks, so two batches created at the
 * same time cannot both pay one seller: the second finds nothing left. Conflict when nobody
 * qualifies (no empty batches).
 */
export async function createPayoutBatch(db: Db, opts: { minimum: number; onlySellerIds?: string[]; actor?: string }): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const created = await db.transaction(async (tx) => {
    const candidates = await sellersWithAvailable(tx, opts.minimum, opts.onlySellerIds);
    if (candidates.length === 0) return null;
    await lockSellers(
      tx,
      candidates.map((c) => c.sellerId),
    );
    const due = await sellersWithAvailable(
      tx,
      opts.minimum,
      candidates.map((c) => c.sellerId),
    );
    if (due.length === 0) return null;
    const id = newId('b');
    const total = due.reduce((s, d) => s + d.available, 0);
    const payout = await insertPayout(tx, { id, status: 'created', totalAmount: total, currency: 'CNY', sellerCount: due.length });
    await insertEntries(
      tx,
      due.map((d) => ({ sellerId: d.sellerId, kind: 'payout' as const, payoutId: id, amount: d.available, currency: 'CNY' })),
    );
    // An ops action: audited in the same transaction, so the batch and its record land together.
    if (opts.actor) await recordAudit(tx, { actor: opts.actor, action: 'payout.create', target: `payout:${id}`, before: null, after: { status: 'created', total, sellerCount: due.length } });
    return payout;
  });
  if (!created) throw new ApiError('conflict', 'No seller has an available balance of at least the payout minimum; no batch was created.');
  return { payout: toPayoutView(created), lines: await getPayoutLines(db, created.id) };
}

async function getPayoutLines(db: Db, id: string): Promise<PayoutLine[]> {
  const rows = await findPayoutLines(db, id);
  return rows.map((r) => ({ sellerId: r.sellerId, handle: r.handle, displayName: r.displayName, amount: cny(r.amount) }));
}

export async function getPayoutOrThrow(db: Db, id: string): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  return { payout: toPayoutView(p), lines: await getPayoutLines(db, id) };
}

/** created → paid once the transfers went out. Repeating it is harmless: the batch stays paid at its first time. */
export async function markPayoutPaid(db: Db, id: string, now = new Date(), actor?: string): Promise<PayoutView> {
  const moved = await db.transaction(async (tx) => {
    const row = await setPayoutPaid(tx, id, now);
    // Only the call that moved it is recorded: a repeat changes nothing.
    if (row && actor) await recordAudit(tx, { actor, action: 'payout.mark_paid', target: `payout:${id}`, before: { status: 'created' }, after: { status: 'paid', paidAt: now.toISOString() } });
    return row;
  });
  if (moved) return toPayoutView(moved);
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  return toPayoutView(p);
}

export async function listPayouts(db: Db, q: { cursor?: string; limit: number }) {
  const rows = await listPayoutRows(db, { before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit + 1 });
  return pageOf(rows, q.limit, toPayoutView);
}

export const PAYOUT_CSV_COLUMNS = ['payout_id', 'seller_id', 'handle', 'display_name', 'amount', 'amount_minor', 'currency'] as const;

/** The transfer file for the bank, WeChat Pay or Alipay: one line per seller, amounts in yuan and in fen. */
export async function exportPayoutCsv(db: Db, id: string, cell: (v: unknown) => string): Promise<string> {
  const { lines } = await getPayoutOrThrow(db, id);
  const out = [PAYOUT_CSV_COLUMNS.join(',')];
  for (const l of lines) {
    out.push([id, l.sellerId, l.handle, l.displayName, minorToDecimal(l.amount.amount), l.amount.amount, l.amount.currency].map(cell).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}

function minorToDecimal(amount: number): string {
  const abs = String(Math.abs(amount)).padStart(3, '0');
  return `${amount < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

