// Enrollment (API.md v3): who may become a seller. `open`: anyone. `approval`: a new seller is
// pending until ops approve (a pending or rejected seller makes no links and earns nothing).
// `after_spend`: only a buyer whose paid, unrefunded orders reach spendThreshold (≥: exactly the
// threshold is enough), through POST /api/buyer/become-seller; the plain signup is closed.
import { ApiError } from '../../../shared/errors';
import { formatMoney, money } from '../../../shared/money';
import type { SellerApprovalState } from '../../../shared/program/program-schemas';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { recordAudit } from '../../storage/ops/audit-repo';
import { findSellerApproval, paidUnrefundedSpend, setSellerApproval } from '../../storage/program/enrollment-repo';
import { signupSeller, type SignupInput } from '../sellers/seller-auth';
import { getProgramSettings } from './settings';

/** What stands between this buyer email and the after_spend threshold; null when nothing does (or the mode is another). */
export async function spendStillNeeded(db: Db, email: string): Promise<{ threshold: number; spent: number } | null> {
  const s = await getProgramSettings(db);
  if (s.enrollment !== 'after_spend') return null;
  const threshold = s.spendThreshold?.amount ?? 0;
  const spent = await paidUnrefundedSpend(db, email);
  return spent >= threshold ? null : { threshold, spent };
}

/**
 * A new seller, by the program's enrollment rule. `via: 'buyer'` is a signed-in buyer opening a
 * seller account on their own email (the only way in under after_spend).
 */
export async function enrollSeller(env: AppEnv, db: Db, input: SignupInput, via: 'signup' | 'buyer', address?: string) {
  const s = await getProgramSettings(db);
  if (s.enrollment === 'after_spend') {
    if (via === 'signup') throw new ApiError('forbidden', 'Sellers join from their buyer account once their orders reach the spend threshold (POST /api/buyer/become-seller).');
    const threshold = s.spendThreshold?.amount ?? 0;
    const spent = await paidUnrefundedSpend(db, input.email);
    // ≥, here and on every page that shows it: exactly the threshold is enough.
    if (spent < threshold) throw new ApiError('forbidden', `Paid orders of ${formatMoney(money(threshold))} open a seller account; this email has ${formatMoney(money(spent))}.`);
  }
  const approval: SellerApprovalState = s.enrollment === 'approval' ? 'pending' : 'approved';
  return signupSeller(env, db, input, address, approval);
}

/** Ops decide a pending seller: approve (also a rejected one) or reject a pending one, audited. Anything else is 409 conflict. */
export async function decideSeller(db: Db, actor: string, sellerId: string, decision: 'approve' | 'reject') {
  const from: SellerApprovalState[] = decision === 'approve' ? ['pending', 'rejected'] : ['pending'];
  const to: SellerApprovalState = decision === 'approve' ? 'approved' : 'rejected';
  return db.transaction(async (tx) => {
    const before = await findSellerApproval(tx, sellerId);
    if (!before) throw new ApiError('not_found', 'No such seller.');
    const row = await setSellerApproval(tx, sellerId, from, to);
    if (!row) throw new ApiError('conflict', `A ${before} seller can't be ${decision === 'approve' ? 'approved' : 'rejected'}.`);
    await recordAudit(tx, { actor, action: `seller.${decision}`, target: `seller:${sellerId}`, before: { approval: before }, after: { approval: to } });
    return { seller: { id: row.id, handle: row.handle, approval: row.approval } };
  });
}
