// What callers send to and get back from a GroupBuy object: its RPC contract and the views it
// answers with, apart from the object's logic (objects/group-buy.ts) so services can import it
// without the class.
import { shownLeader, snapshotGroup } from '../../shared/groups/group-snapshot';
import type { GroupEffect, GroupErrorCode, GroupSnapshot, GroupState, SeatState } from '../../shared/groups/group-state';
import type { AppEnv } from '../env';
import type { Db } from '../storage/db';

export interface SeatRequest {
  orderId: string;
  buyerEmail: string;
  buyerName: string;
  /** ms epoch: the order's reservation window. */
  holdExpiresAt: number;
}

export interface OpenRequest {
  id: string;
  productId: string;
  size: number;
  expiresAt: number;
  priceAmount: number;
  autoFillPercent: number | null;
  leader: SeatRequest;
}

export type SeatResult =
  /** `fresh`: this call took the seat (false when the same order already had it). */
  | { ok: true; group: GroupSnapshot; priceAmount: number; fresh: boolean }
  | { ok: false; code: GroupErrorCode | 'not_found' | 'wrong_product' | 'conflict' };

export interface GroupPageView {
  group: GroupSnapshot;
  priceAmount: number;
  /** Initials of the paying members: the leader shown first, the rest in the order they joined. Never emails. */
  memberInitials: string[];
  /** The leader shown (团长): the opener while paid, else the earliest paid member. */
  leaderInitials?: string;
}

export interface OpsGroupView {
  group: GroupSnapshot;
  autoFilled: number;
  autoFillPercent: number | null;
  priceAmount: number;
  leaderOrderId: string;
  decidedAt: string | null;
  seats: { orderId: string; state: SeatState; holdExpiresAt: string }[];
  pendingWrites: number;
}

/** The group page's view of a record; `initials` by order id, as the object keeps them. */
export function groupPageView(rec: GroupRecord, initials: Record<string, string>): GroupPageView {
  // The leader first (a refunded leader hands over to the earliest paid member), then the rest as they joined.
  const leader = shownLeader(rec.state, rec.leaderOrderId);
  const paid = rec.state.seats.filter((s) => s.state === 'paid');
  const ordered = leader ? [leader, ...paid.filter((s) => s !== leader)] : paid;
  return {
    group: snapshotGroup(rec.state),
    priceAmount: rec.priceAmount,
    memberInitials: ordered.map((s) => initials[s.orderId] ?? '?'),
    ...(leader ? { leaderInitials: initials[leader.orderId] ?? '?' } : {}),
  };
}

/** The ops console's view of a record; `pendingWrites`: outbox items not yet carried out. */
export function opsGroupView(rec: GroupRecord, pendingWrites: number): OpsGroupView {
  return {
    group: snapshotGroup(rec.state),
    autoFilled: rec.state.autoFilled,
    autoFillPercent: rec.autoFillPercent,
    priceAmount: rec.priceAmount,
    leaderOrderId: rec.leaderOrderId,
    decidedAt: rec.decidedAt !== null ? new Date(rec.decidedAt).toISOString() : null,
    seats: rec.state.seats.map((s) => ({ orderId: s.orderId, state: s.state, holdExpiresAt: new Date(s.holdExpiresAt).toISOString() })),
    pendingWrites,
  };
}

// ---- the object's outbox, and the port through which it is carried out

export type GroupOutboxItem = GroupEffect | { readonly type: 'sync_group' } | { readonly type: 'publish' };

/** The orders an outbox item touches; items of one order keep their order. */
export function ordersOf(item: GroupOutboxItem): readonly string[] {
  if (item.type === 'confirm_orders') return item.orderIds;
  if (item.type === 'refund_order' || item.type === 'cancel_order') return [item.orderId];
  return [];
}

/** Everything the object keeps about its group besides the seats' rules. */
export interface GroupRecord {
  state: GroupState;
  priceAmount: number;
  autoFillPercent: number | null;
  leaderOrderId: string;
  /** ms epoch when the group succeeded or failed. */
  decidedAt: number | null;
}

/**
 * Carries out one outbox item in Postgres, the Stock objects and the payment provider. The object
 * never imports it: workers/index.ts (the composition root) builds the exported class with it.
 */
export type GroupEffectRunner = (env: AppEnv, db: () => Db, group: GroupRecord, item: GroupOutboxItem) => Promise<void>;
