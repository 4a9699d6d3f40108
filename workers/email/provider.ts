// The email provider interface, like workers/payments/provider.ts: the outbox in
// workers/services/email/emails.ts decides what to send; a provider only delivers one message
// (chosen by provider-for.ts, so the providers and this interface import each other in one direction).

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
