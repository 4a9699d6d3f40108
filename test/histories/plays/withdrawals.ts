// The histories' withdrawals: requests of the history's own sellers' balances (through the
// program's verb, under the sellers' ledger locks), ops steps through the real API, and the
// invariants that tie the withdrawals table to the ledger.
import { and, eq, inArray } from 'drizzle-orm';
import { ApiError } from '../../../shared/errors';
import { deriveBalances } from '../../../shared/ledger/commission';
import { returnsMoney, shownBalance, type WithdrawalAction } from '../../../shared/program/withdrawal-state';
import { releaseDueCommissions } from '../../../workers/services/ledger/commissions';
import { getWithdrawalBalance, takeWithdrawal } from '../../../workers/services/program/withdrawals';
import { isDatabaseUnavailable, type Db } from '../../../workers/storage/db';
import { commissionEntries, withdrawals } from '../../../workers/storage/schema';
import { callJson, opsToken } from '../../helpers';

const DAY = 86_400_000;

/** What of a history's context these steps use (run.ts's Ctx has it; run.ts imports this file). */
export interface WithdrawalCtx {
  h: { faults: boolean };
  db: Db;
  sellers: { a: string; b: string };
  orders: { id: string }[];
  withdrawals: string[];
}
type Ctx = WithdrawalCtx;
const method = { kind: 'bank' as const, account: '6222000011112222', name: 'History' };

/** Commission due is released, then each seller asks for all of what is available (or half of it). */
export async function withdraw(c: Ctx, half: boolean) {
  try {
    await releaseDueCommissions(c.db, { now: new Date(Date.now() + 8 * DAY), holdDays: 7, onlyOrderIds: c.orders.map((o) => o.id) });
    for (const sellerId of [c.sellers.a, c.sellers.b]) {
      const { available } = await getWithdrawalBalance(c.db, sellerId);
      const amount = half ? Math.floor(available.amount / 2) : available.amount;
      if (amount <= 0) continue;
      try {
        const w = await takeWithdrawal(c.db, sellerId, { amount: { amount, currency: 'CNY' }, method }, 150);
        c.withdrawals.push(w.id);
      } catch (e) {
        // A concurrent withdrawal of the same seller took the money first.
        if (!(e instanceof ApiError && e.code === 'insufficient_balance')) throw e;
      }
    }
  } catch (e) {
    if (c.h.faults && isDatabaseUnavailable(e)) return;
    throw e;
  }
}

const BODY: Record<WithdrawalAction, Record<string, string> | undefined> = {
  approve: undefined,
  reject: { reason: 'history' },
  'mark-paid': { reference: 'history' },
  fail: { reason: 'history' },
};

/** An ops step on one of the history's withdrawals: 200 when the move is allowed, 409 otherwise. */
export async function withdrawalStep<C extends Ctx>(c: C, i: number, action: WithdrawalAction, expectStatus: (c: C, what: string, status: number, ok: number[]) => void) {
  const id = c.withdrawals.length ? c.withdrawals[i % c.withdrawals.length] : undefined;
  if (!id) return;
  const r = await callJson(`/api/ops/withdrawals/${id}/${action}`, { token: await opsToken(), method: 'POST', body: BODY[action] });
  expectStatus(c, `withdrawal ${action}`, r.status, [200, 409]);
}

/**
 * Every withdrawal has one `withdraw` entry of its amount, and one `withdraw_return` exactly when
 * it was rejected or failed. What the seller is shown as available is never below zero and is the
 * fold of the entries (a negative fold is owed, and only a clawback can make one).
 */
export async function checkWithdrawals(c: Ctx): Promise<string[]> {
  const bad: string[] = [];
  const sellerIds = [c.sellers.a, c.sellers.b];
  const rows = await c.db.select().from(withdrawals).where(inArray(withdrawals.sellerId, sellerIds));
  const entries = await c.db
    .select()
    .from(commissionEntries)
    .where(and(inArray(commissionEntries.sellerId, sellerIds), inArray(commissionEntries.kind, ['withdraw', 'withdraw_return'])));
  for (const w of rows) {
    const mine = entries.filter((e) => e.withdrawalId === w.id);
    const out = mine.filter((e) => e.kind === 'withdraw');
    const back = mine.filter((e) => e.kind === 'withdraw_return');
    if (out.length !== 1 || out[0]!.amount !== w.amount) bad.push(`withdrawal ${w.id} (${w.status}) has withdraw entries ${JSON.stringify(out.map((e) => e.amount))}, amount ${w.amount}`);
    if (back.length !== (returnsMoney(w.status) ? 1 : 0)) bad.push(`withdrawal ${w.id} is ${w.status} with ${back.length} withdraw_return entries`);
    if (back.some((e) => e.amount !== w.amount)) bad.push(`withdrawal ${w.id} returned a different amount than it took`);
    if (w.fee + w.net !== w.amount) bad.push(`withdrawal ${w.id}: fee ${w.fee} + net ${w.net} ≠ amount ${w.amount}`);
  }
  for (const e of entries) if (!rows.some((w) => w.id === e.withdrawalId)) bad.push(`ledger entry ${e.seq} moves a withdrawal that does not exist`);
  for (const sellerId of sellerIds) {
    await c.db.transaction(
      async (tx) => {
        const all = await tx.select().from(commissionEntries).where(eq(commissionEntries.sellerId, sellerId));
        const derived = deriveBalances(all.map((e) => ({ kind: e.kind, amount: e.amount, from: e.fromBucket ?? undefined })));
        const shown = await getWithdrawalBalance(tx, sellerId);
        const want = shownBalance(derived.available);
        if (shown.available.amount !== want.available || shown.owed.amount !== want.owed) bad.push(`seller ${sellerId} is shown ${JSON.stringify(shown)} but the entries fold to available ${derived.available}`);
        if (shown.available.amount < 0) bad.push(`seller ${sellerId} is shown a negative available balance`);
        if (derived.available < 0 && !all.some((e) => e.kind === 'clawback')) bad.push(`seller ${sellerId} has available ${derived.available} < 0 with no clawback`);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }
  return bad;
}
