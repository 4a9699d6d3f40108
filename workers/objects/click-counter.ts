import { DurableObject } from 'cloudflare:workers';
import { clickDimensions, TOTAL_DIMENSION, utcDay, type Click } from '../../shared/links/clicks';
import { clickWindow, crossings, fraudThresholds } from '../../shared/trust/fraud';
import type { AppEnv } from '../env';
import { upsertDailyStats, type DailyStatsRow } from '../storage/links/clicks-repo';
import { withDb } from '../storage/db';
import { insertSignals } from '../storage/trust/fraud-repo';

/** Clicks within this window share one Postgres write. */
export const FLUSH_DELAY_MS = 2_000;
const RETRY_DELAY_MS = 30_000;
/** Days kept after they are flushed, so late clicks on yesterday still dedupe. */
const KEEP_DAYS = 2;

export interface CounterRow {
  day: string;
  dimension: string;
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
  /** true while Postgres has not seen this row's latest values */
  pending: boolean;
}

/**
 * One object per link. It serialises that link's clicks in its own SQLite (so concurrent
 * clicks never lose an increment), dedupes visitors per day, and writes absolute day totals
 * to Postgres from its alarm. The alarm is at-least-once and the upsert is idempotent.
 */
export class ClickCounter extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS counts (
        day TEXT NOT NULL, dim TEXT NOT NULL,
        clicks INTEGER NOT NULL DEFAULT 0, uniques INTEGER NOT NULL DEFAULT 0, bots INTEGER NOT NULL DEFAULT 0,
        rev INTEGER NOT NULL DEFAULT 0, flushed_rev INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, dim)) WITHOUT ROWID`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS visitors (
        day TEXT NOT NULL, dim TEXT NOT NULL, visitor TEXT NOT NULL,
        PRIMARY KEY (day, dim, visitor)) WITHOUT ROWID`);
      // Human clicks per visitor and per network in fixed windows; a row that reaches its
      // threshold becomes a click-spike signal, written to Postgres by the same alarm as counts.
      this.sql.exec(`CREATE TABLE IF NOT EXISTS spikes (
        kind TEXT NOT NULL, subject TEXT NOT NULL, win INTEGER NOT NULL, n INTEGER NOT NULL,
        threshold INTEGER NOT NULL DEFAULT 0, signaled INTEGER NOT NULL DEFAULT 0, flushed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, subject, win)) WITHOUT ROWID`);
    });
  }

  /** Counts one click. */
  async record(linkId: string, click: Click): Promise<void> {
    return this.recordMany(linkId, [click]);
  }

  /** Counts a batch of clicks. Everything before the alarm write is synchronous, so calls never interleave. */
  async recordMany(linkId: string, clicks: Click[]): Promise<void> {
    const kv = this.ctx.storage.kv;
    if (!kv.get('linkId')) kv.put('linkId', linkId);
    // A batch is summed in memory first, so SQLite sees one upsert per (day, dimension) and one
    // insert per distinct visitor, however many clicks the batch holds. The visitor hash covers
    // address and browser, which fix the device and country, so a visitor new to the day's total
    // is new to its device and country rows too: one visitors row per visitor-day is enough.
    const sums = new Map<string, { day: string; dim: string; clicks: number; uniques: number; bots: number }>();
    const add = (day: string, dim: string, clicks: number, uniques: number, bots: number) => {
      const key = `${day}|${dim}`;
      const s = sums.get(key);
      if (s) {
        s.clicks += clicks;
        s.uniques += uniques;
        s.bots += bots;
      } else sums.set(key, { day, dim, clicks, uniques, bots });
    };
    const seen = new Set<string>();
    for (const click of clicks) {
      if (click.bot) {
        add(click.day, TOTAL_DIMENSION, 0, 0, 1);
        continue;
      }
      const visitorDay = `${click.day}|${click.visitor}`;
      let fresh = 0;
      if (!seen.has(visitorDay)) {
        seen.add(visitorDay);
        fresh = this.sql.exec('INSERT INTO visitors (day, dim, visitor) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1', click.day, TOTAL_DIMENSION, click.visitor).toArray().length;
      }
      for (const dim of clickDimensions(click)) add(click.day, dim, 1, fresh, 0);
    }
    for (const s of sums.values()) this.bump(s.day, s.dim, s.clicks, s.uniques, s.bots);
    this.tallySpikes(clicks, Date.now());
    if (!kv.get('alarmAt')) {
      const at = Date.now() + FLUSH_DELAY_MS;
      kv.put('alarmAt', at);
      await this.ctx.storage.setAlarm(at);
    }
  }

  private bump(day: string, dim: string, clicks: number, uniques: number, bots: number) {
    this.sql.exec(
      `INSERT INTO counts (day, dim, clicks, uniques, bots, rev) VALUES (?1, ?2, ?3, ?4, ?5, 1)
       ON CONFLICT (day, dim) DO UPDATE SET clicks = clicks + ?3, uniques = uniques + ?4, bots = bots + ?5, rev = rev + 1`,
      day,
      dim,
      clicks,
      uniques,
      bots,
    );
  }

  private tallySpikes(clicks: Click[], now: number) {
    const t = fraudThresholds(this.env);
    const tallies = new Map<string, { kind: 'click_spike_visitor' | 'click_spike_asn'; subject: string; n: number; threshold: number }>();
    const add = (kind: 'click_spike_visitor' | 'click_spike_asn', subject: string, threshold: number) => {
      const key = `${kind}|${subject}`;
      const x = tallies.get(key);
      if (x) x.n++;
      else tallies.set(key, { kind, subject, n: 1, threshold });
    };
    for (const c of clicks) {
      if (c.bot) continue;
      if (!c.anonymous) add('click_spike_visitor', c.visitor, t.clickSpikeVisitor);
      // Absent outside Cloudflare's edge (local dev): then networks are simply not counted.
      if (typeof c.asn === 'number') add('click_spike_asn', `asn:${c.asn}`, t.clickSpikeAsn);
    }
    const win = clickWindow(now);
    for (const x of tallies.values()) {
      const before = this.sql.exec<{ n: number }>('SELECT n FROM spikes WHERE kind = ? AND subject = ? AND win = ?', x.kind, x.subject, win).toArray()[0]?.n ?? 0;
      const signal = crossings(before, x.n, x.threshold) ? 1 : 0;
      this.sql.exec(
        `INSERT INTO spikes (kind, subject, win, n, threshold, signaled) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (kind, subject, win) DO UPDATE SET n = n + ?4, threshold = CASE WHEN ?6 = 1 THEN ?5 ELSE threshold END, signaled = MAX(signaled, ?6)`,
        x.kind,
        x.subject,
        win,
        x.n,
        x.threshold,
        signal,
      );
    }
  }

  /** Click spikes this link has seen (for tests and ops tooling). */
  async spikes(): Promise<{ kind: string; subject: string; window: number; clicks: number; signaled: boolean; flushed: boolean }[]> {
    return this.sql
      .exec<{ kind: string; subject: string; win: number; n: number; signaled: number; flushed: number }>('SELECT kind, subject, win, n, signaled, flushed FROM spikes ORDER BY win, kind, subject')
      .toArray()
      .map((r) => ({ kind: r.kind, subject: r.subject, window: r.win, clicks: r.n, signaled: r.signaled === 1, flushed: r.flushed === 1 }));
  }

  /** Everything this object still holds, flushed or not. */
  async snapshot(): Promise<CounterRow[]> {
    return this.sql
      .exec<{ day: string; dim: string; clicks: number; uniques: number; bots: number; rev: number; flushed_rev: number }>(
        'SELECT day, dim, clicks, uniques, bots, rev, flushed_rev FROM counts ORDER BY day, dim',
      )
      .toArray()
      .map((r) => ({ day: r.day, dimension: r.dim, clicks: r.clicks, uniqueVisitors: r.uniques, botClicks: r.bots, pending: r.rev > r.flushed_rev }));
  }

  override async alarm(): Promise<void> {
    this.ctx.storage.kv.delete('alarmAt');
    await this.flush();
  }

  /** Writes the rows Postgres has not seen. Returns how many were written. */
  async flush(): Promise<number> {
    const linkId = this.ctx.storage.kv.get<string>('linkId');
    if (!linkId) return 0;
    // Read values and revisions together (synchronously), so what is marked flushed is what was sent.
    const dirty = this.sql
      .exec<{ day: string; dim: string; clicks: number; uniques: number; bots: number; rev: number }>(
        'SELECT day, dim, clicks, uniques, bots, rev FROM counts WHERE rev > flushed_rev',
      )
      .toArray();
    if (dirty.length > 0) {
      const rows: DailyStatsRow[] = dirty.map((r) => ({ linkId, day: r.day, dimension: r.dim, clicks: r.clicks, uniqueVisitors: r.uniques, botClicks: r.bots }));
      try {
        await withDb(this.env, (db) => upsertDailyStats(db, rows));
      } catch (e) {
        // Counts stay pending in SQLite; nothing is lost, the next alarm retries.
        console.warn(JSON.stringify({ level: 'warn', msg: 'click flush failed, retrying', linkId, error: String(e) }));
        await this.scheduleRetry();
        return 0;
      }
      for (const r of dirty) {
        this.sql.exec('UPDATE counts SET flushed_rev = MAX(flushed_rev, ?) WHERE day = ? AND dim = ?', r.rev, r.day, r.dim);
      }
    }
    if (!(await this.flushSpikes(linkId))) {
      await this.scheduleRetry();
      return dirty.length;
    }
    const oldest = utcDay(Date.now() - KEEP_DAYS * 86_400_000);
    this.sql.exec('DELETE FROM spikes WHERE win < ? AND (signaled = 0 OR flushed = 1)', clickWindow(Date.now() - KEEP_DAYS * 86_400_000));
    this.sql.exec('DELETE FROM visitors WHERE day < ?', oldest);
    this.sql.exec('DELETE FROM counts WHERE day < ? AND rev = flushed_rev', oldest);
    return dirty.length;
  }

  /** Writes spike signals Postgres has not seen (idempotent on their dedupe key). False when Postgres failed. */
  private async flushSpikes(linkId: string): Promise<boolean> {
    const due = this.sql
      .exec<{ kind: 'click_spike_visitor' | 'click_spike_asn'; subject: string; win: number; n: number; threshold: number }>(
        'SELECT kind, subject, win, n, threshold FROM spikes WHERE signaled = 1 AND flushed = 0',
      )
      .toArray();
    if (due.length === 0) return true;
    try {
      await withDb(this.env, (db) =>
        insertSignals(
          db,
          due.map((d) => ({
            dedupeKey: `link:${linkId}:${d.kind}:${d.subject}:${d.win}`,
            kind: d.kind,
            linkId,
            subject: d.subject,
            observed: d.threshold,
            threshold: d.threshold,
            state: 'observed' as const,
          })),
        ),
      );
    } catch (e) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'click spike signals not written, retrying', linkId, error: String(e) }));
      return false;
    }
    for (const d of due) this.sql.exec('UPDATE spikes SET flushed = 1 WHERE kind = ? AND subject = ? AND win = ?', d.kind, d.subject, d.win);
    return true;
  }

  private async scheduleRetry() {
    const at = Date.now() + RETRY_DELAY_MS;
    this.ctx.storage.kv.put('alarmAt', at);
    await this.ctx.storage.setAlarm(at);
  }
}
