import { ApiError } from '../../../shared/errors';
import type { SellerApprovalState } from '../../../shared/program/program-schemas';
import { newId, randomToken } from '../../../shared/ids';
import { assertSignupAllowed } from '../limits/abuse-limits';
import type { AppEnv } from '../../env';
import {
  findAccountByEmail,
  findSellerByAccount,
  findSellerById,
  findSellerByInviteCode,
  insertSellerAccount,
} from '../../storage/sellers/accounts-repo';
import { isUniqueViolation, type Db } from '../../storage/db';
import type { SellerRow } from '../../storage/schema';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../identity/passwords';
import { takeLoginAttempt } from '../limits/rate-limit';
import { issueSession } from '../identity/sessions';

export interface SignupInput {
  email: string;
  password: string;
  handle: string;
  displayName: string;
  inviteCode?: string;
}

export const sellerSummary = (s: SellerRow) => ({ id: s.id, handle: s.handle, displayName: s.displayName, inviteCode: s.inviteCode, approval: s.approval });

/**
 * `address` is the caller's network address, limited per window (API.md "Abuse limits").
 * `approval` is what the program's enrollment rule gave (services/program/enrollment.ts).
 */
export async function signupSeller(env: AppEnv, db: Db, input: SignupInput, address?: string, approval: SellerApprovalState = 'approved') {
  await assertSignupAllowed(env, address);
  let inviter: SellerRow | undefined;
  if (input.inviteCode) {
    inviter = await findSellerByInviteCode(db, input.inviteCode);
    if (!inviter) throw new ApiError('invalid_input', 'That invite code does not exist.');
  }
  const passwordHash = await hashPassword(input.password);
  let seller: SellerRow;
  try {
    seller = await insertSellerAccount(db, {
      accountId: newId('a'),
      sellerId: newId('s'),
      email: input.email,
      passwordHash,
      handle: input.handle,
      displayName: input.displayName,
      inviteCode: randomToken(8),
      inviter,
      approval,
    });
  } catch (e) {
    if (isUniqueViolation(e, 'accounts_email_uq')) throw new ApiError('conflict', 'An account with that email already exists.');
    if (isUniqueViolation(e, 'sellers_handle_uq')) throw new ApiError('conflict', 'That handle is taken.');
    throw e;
  }
  const token = await issueSession(env, { sub: seller.accountId, role: 'seller', sid: seller.id });
  return { token, seller: sellerSummary(seller) };
}

export async function loginAccount(env: AppEnv, db: Db, input: { email: string; password: string; ip: string | undefined }) {
  const giveBack = await takeLoginAttempt(env, input.ip, input.email);
  const account = await findAccountByEmail(db, input.email);
  // Same work and same answer whether or not the email exists.
  const ok = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !ok) throw new ApiError('unauthorized', 'Email or password is incorrect.');
  await giveBack();
  const seller = account.role === 'seller' ? await findSellerByAccount(db, account.id) : undefined;
  const token = await issueSession(env, { sub: account.id, role: account.role, ...(seller ? { sid: seller.id } : {}) });
  return { token, role: account.role };
}

export type { SellerRow };

/** The seller a seller session speaks for; undefined once that seller is gone or belongs to another account. */
export async function findSessionSeller(db: Db, sellerId: string, accountId: string): Promise<SellerRow | undefined> {
  const seller = await findSellerById(db, sellerId);
  return seller && seller.accountId === accountId ? seller : undefined;
}
