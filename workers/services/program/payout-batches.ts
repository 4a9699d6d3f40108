// Payout batches: the approved withdrawals paid in one transfer file. A batch takes every approved
// withdrawal not yet in a batch, ops download its CSV for the bank, WeChat Pay or Alipay, and mark
// the batch paid, which marks each of its withdrawals paid. A batch moves no ledger money: the
// withdrawals already took it when they were requested. (Batches made before withdrawals existed
// carried `payout` ledger entries; they stay as history and still list their lines.)
import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { money, type Money } from '../../../shared/money';
import { maskAccount } from '../../../shared/program/withdrawal-state';
import type { Db } from '../../storage/db';
import { findPayout, findPayoutLines, insertPayout, listPayoutRows, setPayoutPaid } from '../../storage/ledger/ledger-repo';
import { recordAudit } from '../../storage/ops/audit-repo';
import { assignPayout, listPayoutWithdrawals, lockUnbatchedApproved, markPayoutWithdrawalsPaid } from '../../storage/program/withdrawals-repo';
import type { PayoutRow } from '../../storage/schema';

/** One transfer file stays a size a bank's upload page takes. */
const BATCH_LIMIT = 500;

export interface PayoutLine {
  withdrawalId: string | null;
  sellerId: string;
  handle: string | null;
  displayName: string | null;
  /** What to transfer: the withdrawal's net (after the fee). */
  amount: Money;
  status: string | null;
  method: { kind: string; accountMasked: string; name: string } | null;
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
 * One batch of every approved withdrawal not yet in a batch. The rows are locked (skipping any
 * another batch is taking), so two batches made at once never carry one withdrawal twice.
 * Conflict when there is nothing to pay (no empty batches).
 */
export async function createPayoutBatch(db: Db, actor?: string): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const created = await db.transaction(async (tx) => {
    const due = await lockUnbatchedApproved(tx, BATCH_LIMIT);
    if (due.length === 0) return null;
    const id = newId('b');
    const total = due.reduce((s, w) => s + w.net, 0);
    const sellerCount = new Set(due.map((w) => w.sellerId)).size;
    const payout = await insertPayout(tx, { id, status: 'created', totalAmount: total, currency: 'CNY', sellerCount });
    await assignPayout(
      tx,
      due.map((w) => w.id),
      id,
    );
    if (actor) await recordAudit(tx, { actor, action: 'payout.create', target: `payout:${id}`, before: null, after: { status: 'created', total, withdrawals: due.length, sellerCount } });
    return payout;
  });
  if (!created) throw new ApiError('conflict', 'No approved withdrawal is waiting to be paid; no batch was created.');
  return { payout: toPayoutView(created), lines: await getPayoutLines(db, created.id) };
}

async function getPayoutLines(db: Db, id: string): Promise<PayoutLine[]> {
  const rows = await listPayoutWithdrawals(db, id);
  if (rows.length > 0) {
    return rows.map(({ w, seller }) => ({
      withdrawalId: w.id,
      sellerId: w.sellerId,
      handle: seller?.handle ?? null,
      displayName: seller?.displayName ?? null,
      amount: cny(w.net),
      status: w.status,
      method: { kind: w.method.kind, accountMasked: maskAccount(w.method.account), name: w.method.name },
    }));
  }
  const legacy = await findPayoutLines(db, id);
  return legacy.map((r) => ({ withdrawalId: null, sellerId: r.sellerId, handle: r.handle, displayName: r.displayName, amount: cny(r.amount), status: null, method: null }));
}

export async function getPayoutOrThrow(db: Db, id: string): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  return { payout: toPayoutView(p), lines: await getPayoutLines(db, id) };
}

/**
 * created → paid once the transfers went out: every withdrawal of the batch still approved
 * becomes paid (one that failed meanwhile stays failed), each audited. Repeating it is harmless.
 */
export async function markPayoutPaid(db: Db, id: string, now = new Date(), actor?: string): Promise<PayoutView> {
  const moved = await db.transaction(async (tx) => {
    const row = await setPayoutPaid(tx, id, now);
    if (!row) return undefined;
    const paid = await markPayoutWithdrawalsPaid(tx, id, now, `payout:${id}`);
    if (actor) {
      await recordAudit(tx, { actor, action: 'payout.mark_paid', target: `payout:${id}`, before: { status: 'created' }, after: { status: 'paid', paidAt: now.toISOString(), withdrawals: paid.length } });
      for (const w of paid) {
        await recordAudit(tx, { actor, action: 'withdrawal.mark-paid', target: `withdrawal:${w.id}`, before: { status: 'approved' }, after: { status: 'paid', amount: w.amount, reference: `payout:${id}` } });
      }
    }
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

export const PAYOUT_CSV_COLUMNS = ['payout_id', 'withdrawal_id', 'seller_id', 'handle', 'method', 'account', 'account_name', 'amount', 'amount_minor', 'currency'] as const;

/**
 * The transfer file: one line per withdrawal with the whole account, because the bank needs it.
 * It is served to ops only, never stored, and never logged.
 */
export async function exportPayoutCsv(db: Db, id: string, cell: (v: unknown) => string): Promise<string> {
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  const out = [PAYOUT_CSV_COLUMNS.join(',')];
  const rows = await listPayoutWithdrawals(db, id);
  for (const { w, seller } of rows) {
    out.push([id, w.id, w.sellerId, seller?.handle ?? '', w.method.kind, w.method.account, w.method.name, minorToDecimal(w.net), w.net, w.currency].map(cell).join(','));
  }
  if (rows.length === 0) {
    for (const l of await findPayoutLines(db, id)) out.push([id, '', l.sellerId, l.handle, '', '', l.displayName, minorToDecimal(l.amount), l.amount, l.currency].map(cell).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}

function minorToDecimal(amount: number): string {
  const abs = String(Math.abs(amount)).padStart(3, '0');
  return `${amount < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}
