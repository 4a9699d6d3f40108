import type { AppEnv } from '../env';
import { logOutboxProvider } from './log-outbox';
import type { EmailProvider } from './provider';
import { resendProvider } from './resend';

/**
 * Resend when its key is configured; otherwise the message stays readable in the outbox table
 * only (development and tests read it through GET /api/dev/outbox).
 */
export function emailProviderFor(env: AppEnv, fetcher: typeof fetch = fetch): EmailProvider {
  if (env.RESEND_API_KEY) return resendProvider(env.RESEND_API_KEY, env.EMAIL_FROM ?? 'Pinlink <no-reply@pinlink.app>', fetcher);
  return logOutboxProvider;
}
