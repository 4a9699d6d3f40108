import { DurableObject } from 'cloudflare:workers';
import { initialsOf } from '../../shared/groups/group-display';
import {
  expireGroup,
  expireHolds,
  GroupSeatError,
  holdSeat,
  leaveSeat,
  openGroup,
  paySeat,
  releaseSeat,
  type GroupSnapshot,
  type GroupTransition,
} from '../../shared/groups/group-state';
import { snapshotGroup } from '../../shared/groups/group-snapshot';
import type { AppEnv } from '../env';
import { openDb, type Db } from '../storage/db';
import {
  groupPageView,
  opsGroupView,
  ordersOf,
  type GroupEffectRunner,
  type GroupOutboxItem,
  type GroupPageView,
  type GroupRecord,
  type OpenRequest,
  type OpsGroupView,
  type SeatRequest,
  type SeatResult,
} from './group-buy-types';

/** How soon the alarm retries outbox items that failed (Postgres down, provider error). */
export const GROUP_RETRY_MS = 30_000;

type OpenedDb = { db: Db; close: () => Promise<void> };

interface OutboxEntry {
  seq: number;
  item: GroupOutboxItem;
}

const jsonError = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });

/**
 * One object per group buy: the authority on its seats. Every decision is the pure machine in
 * shared/groups/group-state.ts, applied synchronously (calls never interleave inside a decision) and
 * stored together with the effects it requires in an outbox. The outbox is then carried out
 * (Postgres, Stock, refunds, the KV listing) and whatever fails is retried by the alarm, which
 * also fires at each hold's expiry and at the deadline. Live viewers hold hibernatable sockets.
 */
export class GroupBuy extends DurableObject<AppEnv> {
  /** Seams for tests: the clock (deadline tests), how Postgres is reached (outage tests), one effect (fault tests). */
  now: () => number = () => Date.now();
  openDatabase: () => OpenedDb = () => openDb(this.env);
  /** Set by the composition root (workers/index.ts); without it nothing leaves the outbox. */
  runItem: GroupEffectRunner = async () => {
    throw new Error('GroupBuy was built without its effects (see workers/index.ts)');
  };

  private draining: Promise<void> | undefined;
  /** Outbox entry being carried out right now, if any. */
  private inFlight: number | undefined;

  private get kv() {
    return this.ctx.storage.kv;
  }

  private load(): GroupRecord | undefined {
    return this.kv.get<GroupRecord>('group');
  }

  private outbox(): OutboxEntry[] {
    return this.kv.get<OutboxEntry[]>('outbox') ?? [];
  }

  async open(req: OpenRequest): Promise<SeatResult> {
    const existing = this.load();
    if (existing) {
      // A retried order creation (same Idempotency-Key, same order id) finds its group open.
      if (existing.leaderOrderId !== req.leader.orderId) return { ok: false, code: 'conflict' };
      return { ok: true, group: snapshotGroup(existing.state), priceAmount: existing.priceAmount, fresh: false };
    }
    const now = this.now();
    const state = openGroup({ id: req.id, productId: req.productId, size: req.size, expiresAt: req.expiresAt, now });
    const rec: GroupRecord = { state, priceAmount: req.priceAmount, autoFillPercent: req.autoFillPercent, leaderOrderId: req.leader.orderId, decidedAt: null };
    this.kv.put('group', rec);
    return this.seat(req.leader, req.productId);
  }

  async join(productId: string, req: SeatRequest): Promise<SeatResult> {
    return this.seat(req, productId);
  }

  private async seat(req: SeatRequest, productId: string): Promise<SeatResult> {
    const rec = this.load();
    if (!rec) return { ok: false, code: 'not_found' };
    if (rec.state.productId !== productId) return { ok: false, code: 'wrong_product' };
    const fresh = !rec.state.seats.some((s) => s.orderId === req.orderId);
    let t: GroupTransition;
    try {
      t = holdSeat(rec.state, { orderId: req.orderId, buyerEmail: req.buyerEmail, holdExpiresAt: req.holdExpiresAt, now: this.now() });
    } catch (e) {
      if (e instanceof GroupSeatError) return { ok: false, code: e.code };
      throw e;
    }
    const initials = this.kv.get<Record<string, string>>('initials') ?? {};
    if (!initials[req.orderId]) this.kv.put('initials', { ...initials, [req.orderId]: initialsOf(req.buyerName) });
    await this.apply(rec, t);
    const after = this.load()!;
    return { ok: true, group: snapshotGroup(after.state), priceAmount: after.priceAmount, fresh };
  }

  /** The provider says this seat's order is paid. Late money (no seat, past a deadline) is refunded. */
  async pay(orderId: string): Promise<GroupSnapshot | null> {
    const rec = this.load();
    if (!rec) return null;
    await this.apply(rec, paySeat(rec.state, { orderId, now: this.now() }));
    return snapshotGroup(this.load()!.state);
  }

  /** The order's payment failed or it was cancelled: a held seat is freed (a paid one never). */
  async release(orderId: string): Promise<GroupSnapshot | null> {
    const rec = this.load();
    if (!rec) return null;
    await this.apply(rec, releaseSeat(rec.state, { orderId }));
    return snapshotGroup(this.load()!.state);
  }

  /** The order of a paid seat was refunded while the group is open: the seat opens again. */
  async leave(orderId: string): Promise<GroupSnapshot | null> {
    const rec = this.load();
    if (!rec) return null;
    const t = leaveSeat(rec.state, { orderId });
    // Nothing to change (a decided group, a seat already gone) touches nothing: this call may come
    // from inside this object's own outbox (a refund it asked for, settled at once), which must
    // not wait for itself.
    if (t.state === rec.state) return snapshotGroup(rec.state);
    await this.apply(rec, t);
    return snapshotGroup(this.load()!.state);
  }

  async snapshot(): Promise<GroupSnapshot | null> {
    const rec = this.load();
    return rec ? snapshotGroup(rec.state) : null;
  }

  async pageView(): Promise<GroupPageView | null> {
    const rec = this.load();
    if (!rec) return null;
    return groupPageView(rec, this.kv.get<Record<string, string>>('initials') ?? {});
  }

  async opsView(): Promise<OpsGroupView | null> {
    const rec = this.load();
    return rec ? opsGroupView(rec, this.outbox().length) : null;
  }

  /** GET /api/groups/:id/live: a hibernatable socket that gets the snapshot now and on every change. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return jsonError(400, 'invalid_input', 'This endpoint is a WebSocket: send Upgrade: websocket.');
    }
    const rec = this.load();
    if (!rec) return jsonError(404, 'not_found', 'No such group.');
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify(snapshotGroup(rec.state)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Any message asks for the current snapshot (a cheap keep-alive for clients). */
  override async webSocketMessage(ws: WebSocket): Promise<void> {
    const rec = this.load();
    if (rec) ws.send(JSON.stringify(snapshotGroup(rec.state)));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  /** Lapsed holds, the deadline, and retries of the outbox. Idempotent: it may fire any number of times. */
  override async alarm(): Promise<void> {
    const rec = this.load();
    if (rec && rec.state.status === 'open') {
      const now = this.now();
      const holds = expireHolds(rec.state, now);
      const deadline = expireGroup(holds.state, now, { autoFillPercent: rec.autoFillPercent });
      await this.apply(rec, { state: deadline.state, effects: [...holds.effects, ...deadline.effects] }, { inAlarm: true });
    } else {
      await this.drain();
      await this.scheduleAlarm({ inAlarm: true });
    }
  }

  /** Stores the new state and its effects in one synchronous step, tells viewers, then carries the effects out. */
  private async apply(rec: GroupRecord, t: GroupTransition, opts: { inAlarm?: boolean } = {}): Promise<void> {
    const before = JSON.stringify(snapshotGroup(rec.state));
    const decidedNow = rec.state.status === 'open' && t.state.status !== 'open';
    const next: GroupRecord = { ...rec, state: t.state, decidedAt: decidedNow ? this.now() : rec.decidedAt };
    const after = JSON.stringify(snapshotGroup(next.state));
    const items: GroupOutboxItem[] = [];
    // A success writes the group row inside confirm_orders; a failure needs its own row write.
    if (decidedNow && t.state.status === 'failed') items.push({ type: 'sync_group' });
    items.push(...t.effects);
    const pending = this.outbox();
    // A publish already running may have read the state before this change: only a queued one covers it.
    if (before !== after && !pending.some((e) => e.item.type === 'publish' && e.seq !== this.inFlight)) items.push({ type: 'publish' });
    if (t.state !== rec.state || decidedNow) this.kv.put('group', next);
    if (items.length) {
      let seq = this.kv.get<number>('seq') ?? 0;
      const added = items.map((item) => ({ seq: ++seq, item }));
      this.kv.put('seq', seq);
      this.kv.put('outbox', [...pending, ...added]);
    }
    if (before !== after) this.broadcast(after);
    await this.drain();
    await this.scheduleAlarm(opts);
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

  /** One pass over the outbox at a time, so a refund is never requested twice concurrently. */
  private async drain(): Promise<void> {
    while (this.draining) await this.draining;
    this.draining = this.runOutbox().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async runOutbox(): Promise<void> {
    const entries = this.outbox();
    if (entries.length === 0) return;
    let opened: OpenedDb | undefined;
    const db = () => (opened ??= this.openDatabase()).db;
    // Effects are independent of each other except for the same order: a cancel and a later
    // refund of one order must land in the order they were decided. So an item that fails holds
    // back only later items that touch one of its orders; everything else goes on.
    const heldBack = new Set<string>();
    let failed = false;
    try {
      for (const entry of entries) {
        const orders = ordersOf(entry.item);
        if (orders.some((id) => heldBack.has(id))) continue;
        this.inFlight = entry.seq;
        try {
          await this.runItem(this.env, db, this.load()!, entry.item);
          this.kv.put('outbox', this.outbox().filter((e) => e.seq !== entry.seq));
        } catch (e) {
          failed = true;
          for (const id of orders) heldBack.add(id);
          console.warn(JSON.stringify({ level: 'warn', msg: 'group: outbox item failed, the alarm retries', group: this.load()?.state.id, item: entry.item.type, error: String(e) }));
        }
      }
      if (failed) this.kv.put('retryAt', this.now() + GROUP_RETRY_MS);
      else this.kv.delete('retryAt');
    } finally {
      this.inFlight = undefined;
      await opened?.close();
    }
  }

  private nextAlarm(): number | undefined {
    const rec = this.load();
    const candidates: number[] = [];
    if (rec && rec.state.status === 'open') {
      candidates.push(rec.state.expiresAt);
      for (const s of rec.state.seats) if (s.state === 'held') candidates.push(s.holdExpiresAt);
    }
    const retryAt = this.kv.get<number>('retryAt');
    if (retryAt !== undefined && this.outbox().length) candidates.push(retryAt);
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
