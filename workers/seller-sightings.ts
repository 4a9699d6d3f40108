import { createMiddleware } from 'hono/factory';
import type { Ctx } from './middleware';
import { clientOf, noteSellerVisit } from './services/trust/fraud-signals';

/**
 * A signed-in seller's requests note where they are (a daily salted visitor hash), so an order
 * through their own link from the same address and browser is flagged as a self-purchase
 * whichever email it gives. Off the response path, once per device and day per isolate.
 */
export const sellerSightings = createMiddleware<Ctx>(async (c, next) => {
  const s = c.var.session;
  if (s?.role === 'seller' && s.sid) {
    try {
      c.executionCtx.waitUntil(noteSellerVisit(c.env, s.sid, clientOf(c.env, c.req.raw)));
    } catch {
      // No execution context (app.request in unit tests): nothing to note.
    }
  }
  await next();
});
