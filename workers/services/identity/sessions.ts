// Sessions that can end before their token expires: logout, role changes, suspension.
import { randomToken } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import { SESSION_TTL_SECONDS, signToken, verifyToken, type SessionClaims } from './tokens';

type GuardEnv = Pick<AppEnv, 'SESSION_GUARD'>;

const guardFor = (env: GuardEnv, accountId: string) => env.SESSION_GUARD.get(env.SESSION_GUARD.idFromName(accountId));

export async function issueSession(env: AppEnv, claims: Pick<SessionClaims, 'sub' | 'role' | 'sid'>): Promise<string> {
  return signToken(env.JWT_KEYS, 'session', { ...claims, jti: randomToken(16) }, SESSION_TTL_SECONDS);
}

/**
 * The session behind a token, or undefined. A valid signature is not enough: the session must
 * not have been revoked since. Tokens without a session id predate revocation and are refused.
 */
export async function readSession(env: AppEnv, token: string): Promise<SessionClaims | undefined> {
  const claims = await verifyToken<SessionClaims>(env.JWT_KEYS, 'session', token);
  if (!claims?.jti || typeof claims.iat !== 'number') return undefined;
  return (await guardFor(env, claims.sub).isActive(claims.jti, claims.iat)) ? claims : undefined;
}

/** Logout: this session stops working at once, wherever its token was copied to. */
export async function revokeSession(env: GuardEnv, claims: SessionClaims): Promise<void> {
  if (!claims.jti) return;
  await guardFor(env, claims.sub).revoke(claims.jti, claims.exp ?? Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS);
}

/** Role change or suspension: every session of the account ends now; they sign in again. */
export async function revokeAccountSessions(env: GuardEnv, accountId: string): Promise<void> {
  await guardFor(env, accountId).revokeAll();
}
