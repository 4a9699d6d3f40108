import type { EmailProvider } from './provider';

/** Development provider: the outbox row itself is the delivered mail (GET /api/dev/outbox). */
export const logOutboxProvider: EmailProvider = {
  name: 'outbox',
  deliversFromOutbox: true,
  async send() {},
};
