// The email provider interface, like workers/payments/provider.ts: the outbox in
// workers/services/emails.ts decides what to send; a provider only delivers one message.
import type { AppEnv } from '../env';
import { logOutboxProvider } from './log-outbox';
import { resendProvider } from './resend';

export interface EmailMessage {
  /** Our outbox row id: providers that take an idempotency key get it, so a retry sends once. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface EmailProvider {
  readonly name: string;
  /**
   * True when the outbox row itself is the delivered mail (development): a sign-in code then stays
   * readable in it until the code expires. Otherwise the row drops the code once the provider has it.
   */
  readonly deliversFromOutbox?: boolean;
  /** Throws on failure; the outbox keeps the message and retries. */
  send(msg: EmailMessage): Promise<void>;
}

/**
 * Resend when its key is configured; otherwise the message stays readable in the outbox table
 * only (development and tests read it through GET /api/dev/outbox).
 */
export function emailProviderFor(env: AppEnv, fetcher: typeof fetch = fetch): EmailProvider {
  if (env.RESEND_API_KEY) return resendProvider(env.RESEND_API_KEY, env.EMAIL_FROM ?? 'Pinlink <no-reply@pinlink.app>', fetcher);
  return logOutboxProvider;
}
