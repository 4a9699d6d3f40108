import { DurableObject } from 'cloudflare:workers';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter, one object per key (e.g. "login:ip:1.2.3.4").
 * The object serialises the increments, so concurrent attempts all count.
 */
export class RateLimiter extends DurableObject {
  // Kept in the object's synchronous SQLite-backed KV so an eviction does not reset a lockout.
  private get windowStart(): number {
    return this.ctx.storage.kv.get<number>('windowStart') ?? 0;
  }
  private set windowStart(v: number) {
    this.ctx.storage.kv.put('windowStart', v);
  }
  private get count(): number {
    return this.ctx.storage.kv.get<number>('count') ?? 0;
  }
  private set count(v: number) {
    this.ctx.storage.kv.put('count', v);
  }

  /** Reads without counting. */
  async peek(limit: number, windowMs: number): Promise<RateDecision> {
    return this.decide(limit, windowMs, Date.now());
  }

  /** Counts one event. */
  async hit(limit: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    return this.decide(limit, windowMs, now);
  }

  private decide(limit: number, windowMs: number, now: number): RateDecision {
    const inWindow = now - this.windowStart < windowMs;
    const count = inWindow ? this.count : 0;
    return {
      allowed: count < limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: inWindow ? Math.ceil((this.windowStart + windowMs - now) / 1000) : 0,
    };
  }
}
