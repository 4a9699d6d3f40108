// Abuse limits (API.md "Abuse limits"): fixed windows counted by RateLimiter objects, never Postgres.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';
import { sha256Hex } from '../identity/crypto';

export type AbuseLimit = 'signupsPerAddress' | 'linksPerSeller' | 'unpaidOrdersPerEmail' | 'buyerCodesPerEmail' | 'buyerCodesPerAddress';

type LimitVar = 'LIMIT_SIGNUPS_PER_ADDRESS' | 'LIMIT_LINKS_PER_SELLER' | 'LIMIT_UNPAID_ORDERS_PER_EMAIL' | 'LIMIT_BUYER_CODES_PER_EMAIL' | 'LIMIT_BUYER_CODES_PER_ADDRESS';

/** Each var is "<count>/<window seconds>"; the fallback applies when it is missing or malformed. */
const LIMITS: Record<AbuseLimit, { name: LimitVar; fallback: string; message: string }> = {
  signupsPerAddress: { name: 'LIMIT_SIGNUPS_PER_ADDRESS', fallback: '20/3600', message: 'Too many sign-ups from this network. Try again later.' },
  linksPerSeller: { name: 'LIMIT_LINKS_PER_SELLER', fallback: '60/3600', message: 'Too many links created. Try again later.' },
  unpaidOrdersPerEmail: { name: 'LIMIT_UNPAID_ORDERS_PER_EMAIL', fallback: '10/3600', message: 'Too many unpaid orders for this email. Pay or wait, then try again.' },
  buyerCodesPerEmail: { name: 'LIMIT_BUYER_CODES_PER_EMAIL', fallback: '5/900', message: 'Too many codes requested for this email. Try again later.' },
  buyerCodesPerAddress: { name: 'LIMIT_BUYER_CODES_PER_ADDRESS', fallback: '60/900', message: 'Too many codes requested from this network. Try again later.' },
};

export function parseLimit(raw: string | undefined): { limit: number; windowMs: number } | null {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,7})\s*$/.exec(raw ?? '');
  if (!m) return null;
  const limit = Number(m[1]);
  const seconds = Number(m[2]);
  return limit >= 1 && seconds >= 1 ? { limit, windowMs: seconds * 1000 } : null;
}

export function abuseLimit(env: AppEnv, which: AbuseLimit): { limit: number; windowMs: number } {
  const spec = LIMITS[which];
  return parseLimit((env as unknown as Record<string, string | undefined>)[spec.name]) ?? parseLimit(spec.fallback)!;
}

// Subjects are hashed: object names then carry no email or address.
async function limiterFor(env: AppEnv, which: AbuseLimit, subject: string) {
  const name = `abuse:${which}:${await sha256Hex(subject.trim().toLowerCase())}`;
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(name));
}

/**
 * Counts one event for `subject`, or throws 429 with Retry-After when its window is full. True
 * when this call counted it; false when `id` was already counted (a retry of the same order).
 */
export async function takeAbuseLimit(env: AppEnv, which: AbuseLimit, subject: string, id?: string): Promise<boolean> {
  const { limit, windowMs } = abuseLimit(env, which);
  const d = await (await limiterFor(env, which, subject)).take(limit, windowMs, id);
  if (!d.allowed) throw new ApiError('rate_limited', LIMITS[which].message, { 'Retry-After': String(Math.max(1, d.retryAfterSeconds)) });
  return d.counted ?? true;
}

export async function assertSignupAllowed(env: AppEnv, address: string | undefined): Promise<void> {
  if (address) await takeAbuseLimit(env, 'signupsPerAddress', address);
}

export const assertLinkAllowed = async (env: AppEnv, sellerId: string): Promise<void> => {
  await takeAbuseLimit(env, 'linksPerSeller', sellerId);
};

/** One slot per order (its retries share it) until the order is paid. */
export const takeUnpaidOrderSlot = (env: AppEnv, email: string, orderId: string) => takeAbuseLimit(env, 'unpaidOrdersPerEmail', email, orderId);

/** A paid order no longer counts against its buyer; best effort, a failure only keeps the slot taken until the window ends. */
export async function freeUnpaidOrderSlot(env: AppEnv, email: string, orderId: string): Promise<void> {
  try {
    await (await limiterFor(env, 'unpaidOrdersPerEmail', email)).giveBack(orderId);
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'unpaid order slot not given back', orderId, error: String(e) }));
  }
}

export async function assertBuyerCodeAllowed(env: AppEnv, email: string, address: string | undefined): Promise<void> {
  if (address) await takeAbuseLimit(env, 'buyerCodesPerAddress', address);
  await takeAbuseLimit(env, 'buyerCodesPerEmail', email);
}
