// Withdrawals (提现): the one way money leaves a seller's balance. A request is a `withdraw`
// ledger entry the moment it is made; a rejected or failed one is given back by a
// `withdraw_return` entry. Every balance-dependent write holds the seller's ledger lock
// (lockSellers), so concurrent requests can never together take more than the balance.
import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { money } from '../../../shared/money';
import type { OpsWithdrawalView, WithdrawalBalance, WithdrawalRequest, WithdrawalView } from '../../../shared/program/withdrawal-schemas';
import { maskAccount, nextWithdrawalState, returnsMoney, shownBalance, withdrawalFee, type WithdrawalAction, type WithdrawalState } from '../../../shared/program/withdrawal-state';
import type { Db } from '../../storage/db';
import { insertEntries, lockSellers, sellerBalances } from '../../storage/ledger/ledger-repo';
import { recordAudit } from '../../storage/ops/audit-repo';
import type { Exec } from '../../storage/orders/orders-repo';
import { findWithdrawalForOps, insertWithdrawal, listSellerWithdrawals, listWithdrawalsForOps, lockWithdrawal, setWithdrawalState } from '../../storage/program/withdrawals-repo';
import type { WithdrawalRow } from '../../storage/schema';
import { getProgramSettings } from './settings';

const cny = (amount: number) => money(amount, 'CNY');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWithdrawalView(w: WithdrawalRow): WithdrawalView {
  return {
    id: w.id,
    amount: cny(w.amount),
    fee: cny(w.fee),
    net: cny(w.net),
    status: w.status,
    method: { kind: w.method.kind, accountMasked: maskAccount(w.method.account), name: w.method.name },
    reason: w.reason,
    reference: w.reference,
    payoutId: w.payoutId,
    createdAt: w.createdAt.toISOString(),
    approvedAt: iso(w.approvedAt),
    paidAt: iso(w.paidAt),
    closedAt: iso(w.closedAt),
  };
}

const toOpsView = (r: { w: WithdrawalRow; seller: { id: string; handle: string; displayName: string } | null }): OpsWithdrawalView => ({
  ...toWithdrawalView(r.w),
  seller: { id: r.w.sellerId, handle: r.seller?.handle ?? null, displayName: r.seller?.displayName ?? null },
});

/** What the seller may withdraw now, what they owe from clawbacks, and the program's terms. */
export async function getWithdrawalBalance(exec: Exec, sellerId: string): Promise<WithdrawalBalance> {
  const [b, settings] = await Promise.all([sellerBalances(exec, sellerId), getProgramSettings(exec)]);
  const shown = shownBalance(b.available);
  return { available: cny(shown.available), owed: cny(shown.owed), minAmount: settings.withdrawals.minAmount, feeBps: settings.withdrawals.feeBps };
}

export async function requestWithdrawal(db: Db, sellerId: string, body: WithdrawalRequest): Promise<WithdrawalView> {
  const settings = await getProgramSettings(db);
  const min = settings.withdrawals.minAmount.amount;
  if (body.amount.amount < min) throw new ApiError('invalid_input', `The smallest withdrawal is ${min} fen.`);
  return takeWithdrawal(db, sellerId, body, settings.withdrawals.feeBps);
}

/** The ledger half of a request: the amount leaves available under the seller's lock, or 409. The caller checked the minimum. */
export async function takeWithdrawal(db: Db, sellerId: string, body: WithdrawalRequest, feeBps: number): Promise<WithdrawalView> {
  const amount = body.amount.amount;
  const { fee, net } = withdrawalFee(amount, feeBps);
  const row = await db.transaction(async (tx) => {
    await lockSellers(tx, [sellerId]);
    // Read under the lock: a request that committed before this one has already taken its amount.
    const { available } = await sellerBalances(tx, sellerId);
    if (available < amount) return null;
    const id = newId('w');
    const w = await insertWithdrawal(tx, { id, sellerId, amount, fee, net, currency: 'CNY', method: body.method, status: 'requested' });
    await insertEntries(tx, [{ sellerId, kind: 'withdraw', withdrawalId: id, amount, currency: 'CNY' }]);
    return w;
  });
  if (!row) throw new ApiError('insufficient_balance', 'That is more than your available balance.');
  return toWithdrawalView(row);
}

export async function listMyWithdrawals(db: Db, sellerId: string, q: { cursor?: string; limit: number }) {
  const rows = await listSellerWithdrawals(db, sellerId, { before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit + 1 });
  return pageOf(rows, q.limit, toWithdrawalView);
}

export async function listWithdrawalsQueue(db: Db, q: { status?: WithdrawalState; cursor?: string; limit: number }) {
  const rows = await listWithdrawalsForOps(db, { status: q.status, before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit + 1 });
  const page = pageOf(
    rows.map((r) => ({ ...r, createdAt: r.w.createdAt, id: r.w.id })),
    q.limit,
    toOpsView,
  );
  return page;
}

export async function getWithdrawalForOps(db: Db, id: string): Promise<OpsWithdrawalView> {
  const r = await findWithdrawalForOps(db, id);
  if (!r) throw new ApiError('not_found', 'No such withdrawal.');
  return toOpsView(r);
}

/**
 * One ops step, audited in its transaction. The row lock makes two steps on one withdrawal take
 * turns; the loser sees the new state and gets 409 conflict. Reject and fail write the
 * `withdraw_return` entry under the seller's ledger lock.
 */
export async function moveWithdrawal(
  db: Db,
  actor: string,
  id: string,
  action: WithdrawalAction,
  detail: { reason?: string; reference?: string } = {},
  now = new Date(),
): Promise<OpsWithdrawalView> {
  await db.transaction(async (tx) => {
    const w = await lockWithdrawal(tx, id);
    if (!w) throw new ApiError('not_found', 'No such withdrawal.');
    const to = nextWithdrawalState(w.status, action);
    if (!to) throw new ApiError('conflict', `A ${w.status} withdrawal can't be moved by ${action}.`);
    const moved = await setWithdrawalState(tx, id, {
      status: to,
      ...(detail.reason !== undefined ? { reason: detail.reason } : {}),
      ...(detail.reference !== undefined ? { reference: detail.reference } : {}),
      ...(to === 'approved' ? { approvedAt: now } : {}),
      ...(to === 'paid' ? { paidAt: now } : {}),
      ...(to !== 'approved' ? { closedAt: now } : {}),
    });
    if (returnsMoney(to)) {
      await lockSellers(tx, [w.sellerId]);
      await insertEntries(tx, [{ sellerId: w.sellerId, kind: 'withdraw_return', withdrawalId: id, amount: w.amount, currency: w.currency }]);
    }
    // Who moved which withdrawal, never the account it pays.
    await recordAudit(tx, {
      actor,
      action: `withdrawal.${action}`,
      target: `withdrawal:${id}`,
      before: { status: w.status },
      after: { status: moved.status, amount: w.amount, ...(detail.reason !== undefined ? { reason: detail.reason } : {}), ...(detail.reference !== undefined ? { reference: detail.reference } : {}) },
    });
  });
  return getWithdrawalForOps(db, id);
}
