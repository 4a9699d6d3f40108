// Attempt limits for guessable secrets (passwords, buyer sign-in codes), counted by RateLimiter objects.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';

const WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window; successful logins are given back, so they never count. */
// Per IP is generous: many phones share one carrier NAT address.
export const LOGIN_LIMITS = { perEmail: 10, perIp: 100 } as const;

export interface AttemptKey {
  key: string;
  limit: number;
}

function limiter(env: AppEnv, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

/**
 * Counts one attempt against every key before the secret is compared, or throws 429 when any key's
 * window is full. Check and count are one step in each key's object: reading first and counting after
 * a failure would let every concurrent guess pass the read before any count lands. Returns `giveBack`,
 * for attempts that should not count (the right password or code).
 */
export async function takeAttempt(env: AppEnv, keys: AttemptKey[], message: string): Promise<() => Promise<void>> {
  const stubs = keys.map(({ key }) => limiter(env, key));
  const decisions = await Promise.all(keys.map(({ limit }, i) => stubs[i]!.take(limit, WINDOW_MS)));
  const giveBack = async () => {
    try {
      await Promise.all(decisions.map((d, i) => (d.allowed && d.window !== undefined ? stubs[i]!.refund(d.window) : undefined)));
    } catch (e) {
      // Best effort: a slot not given back only stays counted until its window ends.
      console.warn(JSON.stringify({ level: 'warn', msg: 'attempt slot not given back', error: (e as Error)?.name }));
    }
  };
  const blocked = decisions.find((d) => !d.allowed);
  if (blocked) {
    // The keys that did count this attempt give it back: it was never compared.
    await giveBack();
    throw new ApiError('rate_limited', message, { 'Retry-After': String(Math.max(1, blocked.retryAfterSeconds)) });
  }
  return giveBack;
}

/** Per email always; per address only when the address is known (see clientAddress). */
export const attemptKeys = (prefix: string, email: string, ip: string | undefined, limits: { perEmail: number; perIp: number }): AttemptKey[] => [
  { key: `${prefix}:email:${email}`, limit: limits.perEmail },
  ...(ip ? [{ key: `${prefix}:ip:${ip}`, limit: limits.perIp }] : []),
];

/** Counts a login attempt for this IP and email, or throws 429; call the returned function when it succeeds. */
export const takeLoginAttempt = (env: AppEnv, ip: string | undefined, email: string) =>
  takeAttempt(env, attemptKeys('login', email, ip, LOGIN_LIMITS), 'Too many failed login attempts. Try again later.');
