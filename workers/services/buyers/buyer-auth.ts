// Buyer sign-in by one-time code: the email a buyer checks out with is their identity.
import { CODE_TTL_MS } from '../../../shared/buyers/buyer-schemas';
import { ApiError } from '../../../shared/errors';
import type { Locale } from '../../../shared/i18n';
import type { AppEnv } from '../../env';
import { assertBuyerCodeAllowed } from '../limits/abuse-limits';
import { consumeBuyerCode, upsertBuyerCode } from '../../storage/buyers/buyers-repo';
import type { Db } from '../../storage/db';
import { hmacSha256Hex } from '../identity/crypto';
import { queueCodeEmail, sendQueuedEmails } from '../email/emails';
import { attemptKeys, takeAttempt } from '../limits/rate-limit';
import { issueBuyerSession } from '../identity/sessions';

export { CODE_TTL_MS };
/** Wrong codes allowed per email (and per IP) per window: 5 guesses in 10^6 is a 1 in 200,000 chance. */
export const CODE_LIMITS = { guessesPerEmail: 5, guessesPerIp: 50 } as const;

/** Uniform 6 digits: rejection sampling avoids the modulo bias of 2^32 % 10^6. */
export function randomCode(): string {
  const max = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  for (;;) {
    const [n] = crypto.getRandomValues(new Uint32Array(1));
    if (n! < max) return String(n! % 1_000_000).padStart(6, '0');
  }
}

// Keyed by the server secret: a leaked table row cannot be brute-forced over a million codes offline.
const codeHash = (env: AppEnv, email: string, code: string) => hmacSha256Hex(env.JWT_KEYS, `buyer-code:${email}:${code}`);

/** Emails a fresh code (replacing any earlier one). Returns the message id to send after the response. */
export async function requestBuyerCode(env: AppEnv, db: Db, input: { email: string; lang: Locale; address?: string }): Promise<string> {
  await assertBuyerCodeAllowed(env, input.email, input.address);
  const code = randomCode();
  await upsertBuyerCode(db, input.email, await codeHash(env, input.email, code), new Date(Date.now() + CODE_TTL_MS));
  return queueCodeEmail(db, input.email, code, input.lang);
}

export async function openBuyerSession(env: AppEnv, db: Db, input: { email: string; code: string; ip: string | undefined }) {
  const keys = attemptKeys('buyer-code', input.email, input.ip, { perEmail: CODE_LIMITS.guessesPerEmail, perIp: CODE_LIMITS.guessesPerIp });
  const giveBack = await takeAttempt(env, keys, 'Too many wrong codes. Try again later.');
  if (!(await consumeBuyerCode(db, input.email, await codeHash(env, input.email, input.code)))) {
    throw new ApiError('unauthorized', 'That code is wrong, used or expired.');
  }
  await giveBack();
  return { token: await issueBuyerSession(env, input.email), role: 'buyer' as const };
}

export { sendQueuedEmails };
