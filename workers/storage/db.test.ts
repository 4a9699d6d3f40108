import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db';

// drizzle wraps the driver's error: "Failed query" with the connection error as its cause.
const wrapped = (message: string) => new Error('Failed query (parameters withheld)', { cause: new Error(message) });

describe('isDatabaseUnavailable', () => {
  it('knows a connection dropped mid-transaction (found by the history tests: it answered 500)', () => {
    expect(isDatabaseUnavailable(wrapped('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('knows the other connection-level failures', () => {
    // The pool's connect timeout, also found by the histories (a payout during an outage).
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const m of ['Connection terminated unexpectedly', 'Network connection lost.', 'connect ECONNREFUSED 127.0.0.1:9']) expect(isDatabaseUnavailable(wrapped(m))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
  });

  it('does not excuse bugs or bad data', () => {
    expect(isDatabaseUnavailable(wrapped('duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });
});
