import { DurableObject } from 'cloudflare:workers';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
  /** Start of the window the event was counted in (for `refund`). */
  window?: number;
  /** Whether this call counted the `id` (false: it was let through as already counted or freed). */
  counted?: boolean;
}

const FREED_MAX = 200;

/**
 * Fixed-window counter, one object per key (e.g. "login:ip:1.2.3.4").
 * Checking and counting are one call (`take`): the object runs one call at a time, so however
 * many attempts arrive at once, no more than the limit are ever let through a window.
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

  /**
   * Counts one event if the window has room, else refuses without counting. An `id` already
   * counted in this window is let through free, so a retried request (same order) counts once.
   */
  async take(limit: number, windowMs: number, id?: string): Promise<RateDecision> {
    const now = Date.now();
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.count = 0;
      this.ctx.storage.kv.delete('ids');
      this.ctx.storage.kv.delete('freed');
    }
    const ids = this.ctx.storage.kv.get<string[]>('ids') ?? [];
    const freed = this.ctx.storage.kv.get<string[]>('freed') ?? [];
    if (id && (ids.includes(id) || freed.includes(id))) return { allowed: true, remaining: Math.max(0, limit - this.count), retryAfterSeconds: 0, window: this.windowStart, counted: false };
    if (this.count >= limit) return this.decide(limit, windowMs, now);
    this.count++;
    // At most `limit` ids a window, so the list stays small.
    if (id) this.ctx.storage.kv.put('ids', [...ids, id]);
    return { allowed: true, remaining: Math.max(0, limit - this.count), retryAfterSeconds: 0, window: this.windowStart, counted: true };
  }

  /**
   * Gives back one slot an id-less `take` counted, e.g. for a login that succeeded. Only in the
   * window it was taken in: a refund after the window turned over must not free a slot of the new one.
   */
  async refund(window: number): Promise<void> {
    if (window === this.windowStart && this.count > 0) this.count = this.count - 1;
  }

  /** Gives back the slot `id` took in this window (e.g. an order once it is paid). */
  async giveBack(id: string): Promise<void> {
    const ids = this.ctx.storage.kv.get<string[]>('ids') ?? [];
    if (!ids.includes(id)) return;
    this.ctx.storage.kv.put('ids', ids.filter((x) => x !== id));
    // Remembered so a replay of the same request stays free; bounded, the oldest go first.
    this.ctx.storage.kv.put('freed', [...(this.ctx.storage.kv.get<string[]>('freed') ?? []), id].slice(-FREED_MAX));
    this.count = Math.max(0, this.count - 1);
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
