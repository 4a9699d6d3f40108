// A coupon (优惠券): its remaining count and each buyer's claims, one writer (API.md v3 "Coupons").
import { DurableObject } from 'cloudflare:workers';
import { claimableAt, claimWindow } from '../../shared/promotions/coupon-rules';
import type { CouponValidity } from '../../shared/promotions/coupon-schemas';
import { newId } from '../../shared/ids';
import type { AppEnv } from '../env';
import { withDb } from '../storage/db';
import { claimNumbersByBuyer, findCoupon, insertClaims } from '../storage/promotions/coupons-repo';

/** What the object needs of a coupon to decide a claim. */
export interface CouponTerms {
  couponId: string;
  totalCount: number | null;
  perBuyerLimit: number;
  active: boolean;
  validity: CouponValidity;
}

export interface Grant {
  id: string;
  couponId: string;
  buyerEmail: string;
  claimNo: number;
  validFrom: number;
  validUntil: number;
  claimedAt: number;
}

export type ClaimResult = { kind: 'granted'; grant: Grant } | { kind: 'refused'; code: 'coupon_exhausted' | 'limit_reached' | 'coupon_not_applicable' | 'not_found' };
export type LimitsResult = { kind: 'ok'; active: boolean; totalCount: number | null; claimed: number } | { kind: 'lowered' } | { kind: 'not_found' };

/** A grant the claim route has not confirmed as written by then is written by the alarm. */
export const UNWRITTEN_GRACE_MS = 20_000;
const RETRY_MS = 5_000;

/**
 * Every claim is decided in one synchronous SQLite step here, so the count can never pass
 * totalCount and no buyer can pass perBuyerLimit, however many claims arrive at once. A refusal
 * touches nothing else. A grant is kept here, with its id and claim number, until the claim
 * route (or, after a crash, this object's alarm) has written it to Postgres under its natural
 * key, so a grant is never lost and never written twice.
 */
export class Coupon extends DurableObject<AppEnv> {
  /** Seam for tests: the clock claims are decided by. */
  now: () => number = () => Date.now();
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS terms (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        coupon_id TEXT NOT NULL,
        total_count INTEGER,
        per_buyer_limit INTEGER NOT NULL,
        active INTEGER NOT NULL,
        validity TEXT NOT NULL,
        claimed INTEGER NOT NULL
      )`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS buyers (email TEXT PRIMARY KEY, claims INTEGER NOT NULL)`);
      // Grants not yet known to be in Postgres.
      this.sql.exec(`CREATE TABLE IF NOT EXISTS unwritten (
        id TEXT PRIMARY KEY, email TEXT NOT NULL, claim_no INTEGER NOT NULL,
        valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL, claimed_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL
      )`);
    });
  }

  /** Called right after the coupon's row is inserted, so its first claim needs no Postgres. */
  async init(t: CouponTerms): Promise<void> {
    if (this.hasTerms()) return;
    this.sql.exec(
      `INSERT INTO terms (id, coupon_id, total_count, per_buyer_limit, active, validity, claimed) VALUES (1, ?, ?, ?, ?, ?, 0)`,
      t.couponId, t.totalCount, t.perBuyerLimit, t.active ? 1 : 0, JSON.stringify(t.validity),
    );
  }

  async claim(couponId: string, buyerEmail: string): Promise<ClaimResult> {
    if (!(await this.ensureTerms(couponId))) return { kind: 'refused', code: 'not_found' };
    const now = this.now();
    const t = this.terms();
    if (!t.active || !claimableAt(t.validity, now)) return { kind: 'refused', code: 'coupon_not_applicable' };
    if (t.totalCount !== null && t.claimed >= t.totalCount) return { kind: 'refused', code: 'coupon_exhausted' };
    const had = this.sql.exec<{ claims: number }>('SELECT claims FROM buyers WHERE email = ?', buyerEmail).toArray()[0]?.claims ?? 0;
    if (had >= t.perBuyerLimit) return { kind: 'refused', code: 'limit_reached' };
    const claimNo = had + 1;
    const { validFrom, validUntil } = claimWindow(t.validity, now);
    const grant: Grant = { id: newId('k'), couponId: t.couponId, buyerEmail, claimNo, validFrom, validUntil, claimedAt: now };
    this.sql.exec('UPDATE terms SET claimed = claimed + 1 WHERE id = 1');
    this.sql.exec('INSERT INTO buyers (email, claims) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET claims = excluded.claims', buyerEmail, claimNo);
    this.sql.exec(
      'INSERT INTO unwritten (id, email, claim_no, valid_from, valid_until, claimed_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      grant.id, buyerEmail, claimNo, validFrom, validUntil, now, now + UNWRITTEN_GRACE_MS,
    );
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + UNWRITTEN_GRACE_MS);
    return { kind: 'granted', grant };
  }

  /** The claim route wrote this grant to Postgres. */
  async written(grantId: string): Promise<void> {
    this.sql.exec('DELETE FROM unwritten WHERE id = ?', grantId);
  }

  /** The claim route could not write this grant: the alarm writes it shortly instead. */
  async writeSoon(grantId: string): Promise<void> {
    const at = this.now() + 1_000;
    this.sql.exec('UPDATE unwritten SET due_at = ? WHERE id = ?', at, grantId);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * PATCH: stop (or restart) the coupon, or raise its count. The count never goes down and the
   * claimed number is never touched (the refill bug of the malls this replaces).
   */
  async setLimits(couponId: string, patch: { active?: boolean; totalCount?: number | null }): Promise<LimitsResult> {
    if (!(await this.ensureTerms(couponId))) return { kind: 'not_found' };
    const t = this.terms();
    if (patch.totalCount !== undefined) {
      const lowers = patch.totalCount !== null && (t.totalCount === null || patch.totalCount < t.totalCount);
      if (lowers) return { kind: 'lowered' };
      this.sql.exec('UPDATE terms SET total_count = ? WHERE id = 1', patch.totalCount);
    }
    if (patch.active !== undefined) this.sql.exec('UPDATE terms SET active = ? WHERE id = 1', patch.active ? 1 : 0);
    const n = this.terms();
    return { kind: 'ok', active: n.active, totalCount: n.totalCount, claimed: n.claimed };
  }

  async status(couponId: string): Promise<{ claimed: number; totalCount: number | null; active: boolean } | null> {
    if (!(await this.ensureTerms(couponId))) return null;
    const t = this.terms();
    return { claimed: t.claimed, totalCount: t.totalCount, active: t.active };
  }

  /** Writes the grants whose claim route did not confirm them (it crashed or Postgres failed). */
  override async alarm(): Promise<void> {
    const due = this.sql
      .exec<{ id: string; email: string; claim_no: number; valid_from: number; valid_until: number; claimed_at: number }>(
        'SELECT * FROM unwritten WHERE due_at <= ?',
        this.now(),
      )
      .toArray();
    if (due.length) {
      const couponId = this.terms().couponId;
      try {
        await withDb(this.env, (db) =>
          insertClaims(
            db,
            due.map((g) => ({
              id: g.id, couponId, buyerEmail: g.email, claimNo: g.claim_no,
              validFrom: new Date(g.valid_from), validUntil: new Date(g.valid_until), claimedAt: new Date(g.claimed_at),
            })),
          ),
        );
        for (const g of due) this.sql.exec('DELETE FROM unwritten WHERE id = ?', g.id);
      } catch (e) {
        // Names only: a failed query's message carries its parameters (buyers' emails).
        const err = e as { name?: string; cause?: { code?: string } };
        console.warn(JSON.stringify({ level: 'warn', msg: 'coupon: writing grants failed, will retry', error: err?.name, pgCode: err?.cause?.code, grants: due.length }));
        await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
        return;
      }
    }
    const next = this.sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM unwritten').one().at;
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(Date.now(), next));
  }

  private hasTerms(): boolean {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM terms').one().n > 0;
  }

  private terms() {
    const r = this.sql
      .exec<{ coupon_id: string; total_count: number | null; per_buyer_limit: number; active: number; validity: string; claimed: number }>('SELECT * FROM terms WHERE id = 1')
      .one();
    return {
      couponId: r.coupon_id,
      totalCount: r.total_count,
      perBuyerLimit: r.per_buyer_limit,
      active: r.active === 1,
      validity: JSON.parse(r.validity) as CouponValidity,
      claimed: r.claimed,
    };
  }

  /**
   * An object whose init never arrived (the create route failed after its insert) rebuilds its
   * terms and counts from Postgres once. Claims can exist only through this object, so Postgres
   * then holds all of them.
   */
  private async ensureTerms(couponId: string): Promise<boolean> {
    if (this.hasTerms()) return true;
    const loaded = await withDb(this.env, async (db) => {
      const c = await findCoupon(db, couponId);
      return c ? { c, buyers: await claimNumbersByBuyer(db, couponId) } : null;
    });
    if (!loaded) return false;
    if (this.hasTerms()) return true;
    const { c, buyers } = loaded;
    await this.init({ couponId, totalCount: c.totalCount, perBuyerLimit: c.perBuyerLimit, active: c.active, validity: c.validity });
    for (const b of buyers) this.sql.exec('INSERT OR REPLACE INTO buyers (email, claims) VALUES (?, ?)', b.buyerEmail, b.claims);
    this.sql.exec('UPDATE terms SET claimed = ? WHERE id = 1', buyers.reduce((s, b) => s + b.claims, 0));
    return true;
  }
}
