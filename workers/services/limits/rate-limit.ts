import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';

const WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window; successful logins are never counted. */
// Per IP is generous: many phones share one carrier NAT address.
export const LOGIN_LIMITS = { perEmail: 10, perIp: 100 } as const;

function limiter(env: AppEnv, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

const loginKeys = (ip: string, email: string) => [
  { key: `login:email:${email}`, limit: LOGIN_LIMITS.perEmail },
  { key: `login:ip:${ip}`, limit: LOGIN_LIMITS.perIp },
];

/** Throws 429 when this IP or this email has failed too often lately. */
export async function assertLoginAllowed(env: AppEnv, ip: string, email: string): Promise<void> {
  const decisions = await Promise.all(loginKeys(ip, email).map(({ key, limit }) => limiter(env, key).peek(limit, WINDOW_MS)));
  const blocked = decisions.find((d) => !d.allowed);
  if (blocked) {
    throw new ApiError('rate_limited', 'Too many failed login attempts. Try again later.', {
      'Retry-After': String(Math.max(1, blocked.retryAfterSeconds)),
    });
  }
}

export async function recordLoginFailure(env: AppEnv, ip: string, email: string): Promise<void> {
  await Promise.all(loginKeys(ip, email).map(({ key, limit }) => limiter(env, key).hit(limit, WINDOW_MS)));
}
