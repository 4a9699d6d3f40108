/**
 * A call to a Durable Object that failed for the platform's reasons, not ours: the object was
 * reset (a restart or deploy; `durableObjectReset`), is overloaded, or the runtime marks the
 * error `retryable`. The caller's request did nothing wrong and may be retried (an order with
 * the same Idempotency-Key), so it is a 503, like an unreachable database.
 */
export function isObjectUnavailable(e: unknown): boolean {
  const err = e as { durableObjectReset?: unknown; overloaded?: unknown; retryable?: unknown } | null;
  return !!err && typeof err === 'object' && (err.durableObjectReset === true || err.overloaded === true || err.retryable === true);
}
