// Stripe's recorded payloads (test/fixtures/stripe/README.md), adapted to the order under test.
import sessionCompleted from './fixtures/stripe/event-checkout-session-completed.json';
import sessionExpired from './fixtures/stripe/event-checkout-session-expired.json';
import { uniq } from './helpers';

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A checkout.session.* event (completed by default) for this order and amount, with a fresh event id. */
export function sessionEventFor(orderId: string, amount: number, fixture: typeof sessionCompleted | typeof sessionExpired = sessionCompleted) {
  const ev = clone(fixture);
  ev.id = `evt_${uniq()}`;
  ev.data.object.client_reference_id = orderId as never;
  ev.data.object.amount_total = amount;
  ev.data.object.currency = 'cny';
  return ev;
}
