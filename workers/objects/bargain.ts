// A bargain (砍价): its cuts, its helpers and its deadline alarm; live to WebSockets (API.md v3 "Bargains").
import { DurableObject } from 'cloudflare:workers';
import { nextCut, type RandomSource } from '../../shared/promotions/bargain-cut';
import type { AppEnv } from '../env';
import { openDb, type Db } from '../storage/db';
import { syncBargainRow } from '../storage/promotions/bargains-repo';
import { bargainView, type BargainOpen, type BargainRecord, type HelpResult, type PurchaseResult } from './bargain-types';

/** How soon the alarm retries a Postgres write that failed. */
export const BARGAIN_RETRY_MS = 30_000;

type OpenedDb = { db: Db; close: () => Promise<void> };

const jsonError = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });

/**
 * One object per bargain: the one writer of its cuts. A help is decided here synchronously (calls
 * never interleave inside a decision), so 200 helpers at once get exactly `helpersNeeded` cuts,
 * and a refusal (the owner, a second help, a closed bargain) costs no Postgres statement. Only a
 * granted change is written to Postgres, as a whole and idempotently; a failed write is retried by
 * the alarm, which also fires at the deadline and when an unpaid purchase's reservation ends.
 */
export class Bargain extends DurableObject<AppEnv> {
  /** Seams for tests: the clock (deadline tests), the dice (exact cuts), how Postgres is reached (0-statement tests). */
  now: () => number = () => Date.now();
  random: RandomSource = Math.random;
  openDatabase: () => OpenedDb = () => openDb(this.env);

  private syncing: Promise<void> | undefined;

  private get kv() {
    return this.ctx.storage.kv;
  }

  private load(): BargainRecord | undefined {
    return this.kv.get<BargainRecord>('bargain');
  }

  private version(): number {
    return this.kv.get<number>('version') ?? 0;
  }

  /** Stores a change, tells viewers, and writes it to Postgres before answering. */
  private async commit(next: BargainRecord): Promise<void> {
    this.kv.put('bargain', next);
    this.kv.put('version', this.version() + 1);
    this.broadcast(JSON.stringify(bargainView(next)));
    await this.sync();
    await this.scheduleAlarm();
  }

  /** Idempotent: a retried open finds its bargain. */
  async open(req: BargainOpen): Promise<void> {
    if (this.load()) return;
    this.kv.put('bargain', { ...req, status: 'open', cuts: [], succeededAt: null, hold: null, orderId: null } satisfies BargainRecord);
    await this.scheduleAlarm();
  }

  /**
   * A bargain known to Postgres whose object holds nothing (the demo seed writes rows only, or
   * the object's storage was lost): its record is taken back as written. Postgres has it already.
   */
  async restore(rec: BargainRecord): Promise<void> {
    if (this.load()) return;
    this.kv.put('bargain', rec);
    const v = this.version() + 1;
    this.kv.put('version', v);
    this.kv.put('synced', v);
    await this.scheduleAlarm();
  }

  async view() {
    const r = this.load();
    return r ? bargainView(this.expireIfDue(r)) : null;
  }

  /** What the page shows this visitor: their own bargain, or one they have helped. */
  async viewer(email: string): Promise<{ isOwner: boolean; helped: boolean }> {
    const r = this.load();
    return { isOwner: r?.ownerEmail === email, helped: !!r?.cuts.some((c) => c.helperEmail === email) };
  }

  async help(helper: { email: string; name: string }): Promise<HelpResult> {
    const loaded = this.load();
    if (!loaded) return { ok: false, code: 'not_found' };
    const r = this.expireIfDue(loaded);
    // Past the deadline before the alarm ran: expire it now (a granted change), then answer.
    if (r !== loaded) {
      await this.commit(r);
      return this.help(helper);
    }
    if (helper.email === r.ownerEmail) return { ok: false, code: 'forbidden' };
    if (r.cuts.some((c) => c.helperEmail === helper.email)) return { ok: false, code: 'already_helped' };
    if (r.status !== 'open') return { ok: false, code: 'bargain_closed' };
    const remaining = r.startPriceAmount - r.floorPriceAmount - r.cuts.reduce((s, c) => s + c.amount, 0);
    const cut = nextCut(remaining, r.helpersNeeded - r.cuts.length, this.random);
    const at = this.now();
    const cuts = [...r.cuts, { helperEmail: helper.email, helperName: helper.name, amount: cut, at }];
    const done = cuts.length === r.helpersNeeded;
    const next: BargainRecord = { ...r, cuts, status: done ? 'succeeded' : 'open', succeededAt: done ? at : null };
    await this.commit(next);
    return { ok: true, cut, bargain: bargainView(next) };
  }

  /** Decided before checkout holds anything: who may buy, at what price. Changes nothing. */
  async checkPurchase(email: string, orderId: string): Promise<PurchaseResult> {
    const r = this.load();
    if (!r) return { ok: false, code: 'not_found' };
    if (email !== r.ownerEmail) return { ok: false, code: 'forbidden' };
    if (!this.purchasableBy(r, orderId)) return { ok: false, code: 'bargain_closed' };
    return { ok: true, floorPriceAmount: r.floorPriceAmount, productId: r.productId, variantId: r.variantId };
  }

  /** Takes the one purchase for this order until `expiresAt` (its reservation); a retry re-takes its own. */
  async takePurchase(email: string, orderId: string, expiresAt: number): Promise<PurchaseResult> {
    const checked = await this.checkPurchase(email, orderId);
    if (!checked.ok) return checked;
    const r = this.load()!;
    if (r.hold?.orderId !== orderId || r.hold.expiresAt !== expiresAt) {
      this.kv.put('bargain', { ...r, hold: { orderId, expiresAt } });
      await this.scheduleAlarm();
    }
    return checked;
  }

  /** The order paid: the bargain is purchased, once. */
  async purchased(orderId: string): Promise<void> {
    const r = this.load();
    if (!r || r.status === 'purchased' || (r.hold && r.hold.orderId !== orderId && r.hold.expiresAt > this.now())) return;
    if (r.status !== 'succeeded') return;
    await this.commit({ ...r, status: 'purchased', orderId, hold: null });
  }

  /** The order was cancelled (or lapsed): its hold goes, and the bargain can be bought again. */
  async releasePurchase(orderId: string): Promise<void> {
    const r = this.load();
    if (!r || r.hold?.orderId !== orderId) return;
    this.kv.put('bargain', { ...r, hold: null });
  }

  private purchasableBy(r: BargainRecord, orderId: string): boolean {
    if (r.status !== 'succeeded') return false;
    return !r.hold || r.hold.orderId === orderId || r.hold.expiresAt <= this.now();
  }

  /** An open bargain past its deadline is expired (the alarm does this on time; a call meanwhile agrees). */
  private expireIfDue(r: BargainRecord): BargainRecord {
    return r.status === 'open' && this.now() >= r.expiresAt ? { ...r, status: 'expired' } : r;
  }

  /** GET /api/bargains/:id/live: a hibernatable socket that gets the bargain now and on every change. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return jsonError(400, 'invalid_input', 'This endpoint is a WebSocket: send Upgrade: websocket.');
    }
    const r = this.load();
    if (!r) return jsonError(404, 'not_found', 'No such bargain.');
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify(bargainView(r)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Any message asks for the current bargain (a cheap keep-alive for clients). */
  override async webSocketMessage(ws: WebSocket): Promise<void> {
    const r = this.load();
    if (r) ws.send(JSON.stringify(bargainView(r)));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  /** The deadline, a lapsed purchase hold, and retries of the Postgres write. Idempotent. */
  override async alarm(): Promise<void> {
    const r = this.load();
    if (!r) return;
    let next = this.expireIfDue(r);
    if (next.hold && next.hold.expiresAt <= this.now()) next = { ...next, hold: null };
    if (next !== r) {
      this.kv.put('bargain', next);
      if (next.status !== r.status) {
        this.kv.put('version', this.version() + 1);
        this.broadcast(JSON.stringify(bargainView(next)));
      }
    }
    await this.sync();
    await this.scheduleAlarm({ inAlarm: true });
  }

  private broadcast(message: string): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(message);
      } catch {
        // a socket closing meanwhile; its close handler tidies up
      }
    }
  }

  /** One write at a time; a change made during a write is written by the next one. */
  private async sync(): Promise<void> {
    while (this.syncing) await this.syncing;
    if ((this.kv.get<number>('synced') ?? 0) >= this.version()) return;
    this.syncing = this.writeOnce().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async writeOnce(): Promise<void> {
    const version = this.version();
    const r = this.load()!;
    let opened: OpenedDb | undefined;
    try {
      opened = this.openDatabase();
      await syncBargainRow(opened.db, { id: r.id, status: r.status, orderId: r.orderId, succeededAt: r.succeededAt, cuts: r.cuts });
      this.kv.put('synced', version);
      this.kv.delete('retryAt');
    } catch (e) {
      this.kv.put('retryAt', this.now() + BARGAIN_RETRY_MS);
      console.warn(JSON.stringify({ level: 'warn', msg: 'bargain: Postgres write failed, the alarm retries', bargain: r.id, error: String(e) }));
    } finally {
      await opened?.close();
    }
  }

  private nextAlarm(): number | undefined {
    const r = this.load();
    const candidates: number[] = [];
    if (r?.status === 'open') candidates.push(r.expiresAt);
    if (r?.hold) candidates.push(r.hold.expiresAt);
    const retryAt = this.kv.get<number>('retryAt');
    if (retryAt !== undefined && (this.kv.get<number>('synced') ?? 0) < this.version()) candidates.push(retryAt);
    return candidates.length ? Math.min(...candidates) : undefined;
  }

  private async scheduleAlarm(opts: { inAlarm?: boolean } = {}): Promise<void> {
    const want = this.nextAlarm();
    if (want === undefined) return;
    // The alarm that is running is spent, so from inside it the next one is always set.
    const current = opts.inAlarm ? null : await this.ctx.storage.getAlarm();
    if (current === null || current > want) await this.ctx.storage.setAlarm(want);
  }
}
