// Resend over its HTTP API (https://resend.com/docs/api-reference/emails/send-email).
import type { EmailMessage, EmailProvider } from './provider';

export const RESEND_URL = 'https://api.resend.com/emails';

export class EmailSendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

export function resendProvider(apiKey: string, from: string, fetcher: typeof fetch): EmailProvider {
  return {
    name: 'resend',
    async send(msg: EmailMessage) {
      const res = await fetcher(RESEND_URL, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          // Resend keeps the key 24 h: a retry after a lost response does not send twice.
          'idempotency-key': msg.id,
        },
        body: JSON.stringify({ from, to: [msg.to], subject: msg.subject, text: msg.text }),
      });
      if (!res.ok) {
        // The body names the problem ({ name, message }); never the recipient, so it may be logged.
        const body = (await res.json().catch(() => ({}))) as { name?: string; message?: string };
        throw new EmailSendError(res.status, `resend ${res.status} ${body.name ?? ''}`.trim());
      }
    },
  };
}
