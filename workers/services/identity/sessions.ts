// Sessions that can end before their token expires: logout, role changes, suspension. Seller and
// ops sessions and buyer sessions both carry a session id (`jti`) checked against a SessionGuard.
import { randomToken } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import { sha256Hex } from './crypto';
import { BUYER_TTL_SECONDS, SESSION_TTL_SECONDS, signToken, verifyToken, type BuyerClaims, type SessionClaims } from './tokens';

type GuardEnv = Pick<AppEnv, 'SESSION_GUARD'>;
type GuardedKind = 'session' | 'buyer';

const TTL: Record<GuardedKind, number> = { session: SESSION_TTL_SECONDS, buyer: BUYER_TTL_SECONDS };

/**
 * The SessionGuard that holds a session's revocations: one per account, or one per buyer email.
 * A buyer's is named by a hash, so object names carry no email.
 */
async function guardFor(env: GuardEnv, kind: GuardedKind, sub: string) {
  const name = kind === 'session' ? sub : `buyer:${await sha256Hex(sub)}`;
  return env.SESSION_GUARD.get(env.SESSION_GUARD.idFromName(name));
}

export async function issueSession(env: AppEnv, claims: Pick<SessionClaims, 'sub' | 'role' | 'sid'>): Promise<string> {
  return signToken(env.JWT_KEYS, 'session', { ...claims, jti: randomToken(16) }, SESSION_TTL_SECONDS);
}

/** A buyer session for a verified email. */
export async function issueBuyerSession(env: AppEnv, email: string): Promise<string> {
  return signToken(env.JWT_KEYS, 'buyer', { sub: email, jti: randomToken(16) }, BUYER_TTL_SECONDS);
}

/**
 * The claims behind a token, or undefined. A valid signature is not enough: the session must
 * not have been revoked since. Tokens without a session id predate revocation and are refused.
 */
async function readGuarded<T extends SessionClaims | BuyerClaims>(env: AppEnv, kind: GuardedKind, token: string): Promise<T | undefined> {
  const claims = await verifyToken<T>(env.JWT_KEYS, kind, token);
  if (!claims?.jti || typeof claims.iat !== 'number') return undefined;
  return (await (await guardFor(env, kind, claims.sub)).isActive(claims.jti, claims.iat)) ? claims : undefined;
}

export const readSession = (env: AppEnv, token: string) => readGuarded<SessionClaims>(env, 'session', token);
export const readBuyerSession = (env: AppEnv, token: string) => readGuarded<BuyerClaims>(env, 'buyer', token);

/** Logout: this session stops working at once, wherever its token was copied to. */
export async function revokeSession(env: GuardEnv, claims: SessionClaims | BuyerClaims, kind: GuardedKind = 'session'): Promise<void> {
  if (!claims.jti) return;
  await (await guardFor(env, kind, claims.sub)).revoke(claims.jti, claims.exp ?? Math.floor(Date.now() / 1000) + TTL[kind]);
}

/** Role change or suspension: every session of the account ends now; they sign in again. */
export async function revokeAccountSessions(env: GuardEnv, accountId: string): Promise<void> {
  await (await guardFor(env, 'session', accountId)).revokeAll();
}
