// Group buy (拼团) verbs over the GroupBuy objects: seats for checkout, reads for the API and
// pages, and telling a group about its orders' payments.
import { ApiError } from '../../../shared/errors';
import type { GroupSnapshot } from '../../../shared/groups/group-state';
import { ID_PATTERN } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import type { GroupPageView, OpenRequest, OpsGroupView, SeatRequest, SeatResult } from '../../objects/group-buy-types';
import type { Db } from '../../storage/db';
import { findGroupRow, groupVariantCounts, insertGroupRow } from '../../storage/groups/groups-repo';
import type { OrderRecord } from '../../storage/orders/orders-repo';

type GroupEnv = Pick<AppEnv, 'GROUP_BUY'>;

export const groupStub = (env: GroupEnv, groupId: string) => env.GROUP_BUY.get(env.GROUP_BUY.idFromName(groupId));

/** The group an order opens is named after the order, so a retried creation opens the same group. */
export const groupIdForLeader = (orderId: string) => `g_${orderId.slice(2)}`;

export const isGroupId = (id: string) => ID_PATTERN.test(id) && id.startsWith('g_');

export function seatOrThrow(r: SeatResult): { group: GroupSnapshot; priceAmount: number; fresh: boolean } {
  if (r.ok) return r;
  switch (r.code) {
    case 'group_full':
      throw new ApiError('group_full', 'Every seat in this group is taken.');
    case 'group_closed':
      throw new ApiError('group_closed', 'This group is no longer open.');
    case 'already_member':
      throw new ApiError('already_member', 'This buyer already has a seat in this group.');
    case 'not_found':
      throw new ApiError('not_found', 'No such group.');
    case 'wrong_product':
      throw new ApiError('invalid_input', 'This group is for another product.');
    case 'conflict':
      throw new ApiError('conflict', 'This group was opened by another order.');
  }
}

/** The leader's order opens the group: its Postgres record first (orders refer to it), then the seat. */
export async function openGroupForOrder(env: AppEnv, db: Db, req: OpenRequest): Promise<{ group: GroupSnapshot; priceAmount: number; fresh: boolean }> {
  await insertGroupRow(db, {
    id: req.id,
    productId: req.productId,
    leaderOrderId: req.leader.orderId,
    size: req.size,
    priceAmount: req.priceAmount,
    autoFillPercent: req.autoFillPercent,
    expiresAt: new Date(req.expiresAt),
  });
  return seatOrThrow(await groupStub(env, req.id).open(req));
}

/** Holds a seat for a joining order: 409 group_full / group_closed / already_member. */
export async function joinGroupForOrder(env: GroupEnv, groupId: string, productId: string, req: SeatRequest) {
  return seatOrThrow(await groupStub(env, groupId).join(productId, req));
}

/** Gives back a seat held for an order whose creation failed afterwards (e.g. out of stock). */
export async function releaseGroupSeat(env: GroupEnv, groupId: string, orderId: string): Promise<void> {
  await groupStub(env, groupId).release(orderId);
}

export async function getGroupOrThrow(env: GroupEnv, id: string): Promise<GroupSnapshot> {
  const g = isGroupId(id) ? await groupStub(env, id).snapshot() : null;
  if (!g) throw new ApiError('not_found', 'No such group.');
  return g;
}

export async function getGroupPageView(env: GroupEnv, id: string): Promise<GroupPageView | null> {
  return isGroupId(id) ? groupStub(env, id).pageView() : null;
}

/**
 * A decided group whose object holds no state (history imported into Postgres, or an object whose
 * storage was lost) still has a page: its record says how it ended. An open group only ever comes
 * from its object, which owns the seats.
 */
export async function getDecidedGroupPageView(db: Db, id: string): Promise<GroupPageView | null> {
  const row = isGroupId(id) ? await findGroupRow(db, id) : undefined;
  if (!row || row.status === 'open') return null;
  const group: GroupSnapshot = { id: row.id, productId: row.productId, size: row.size, members: row.members, held: 0, status: row.status, expiresAt: row.expiresAt.toISOString() };
  return { group, priceAmount: row.priceAmount, memberInitials: [] };
}

export async function getOpsGroupOrThrow(env: GroupEnv, db: Db, id: string): Promise<OpsGroupView & { record: { status: string; autoFilled: number; members: number } | null }> {
  const view = isGroupId(id) ? await groupStub(env, id).opsView() : null;
  if (!view) throw new ApiError('not_found', 'No such group.');
  const row = await findGroupRow(db, id);
  return { ...view, record: row ? { status: row.status, autoFilled: row.autoFilled, members: row.members } : null };
}

/** Whether Postgres knows the group (links point at it with a foreign key). */
export async function assertGroupExists(db: Db, id: string): Promise<void> {
  if (!(await findGroupRow(db, id))) throw new ApiError('not_found', 'No such group.');
}

/**
 * After a payment event for a group order has been recorded: the group learns of it. Called
 * for replays too (the object is idempotent), so a failed notification heals on the provider's retry.
 * `rec` is the order as it stands after the event.
 */
export async function syncGroupSeat(env: GroupEnv, rec: OrderRecord | undefined, event: { type: string; orderId: string }): Promise<void> {
  const groupId = rec?.order.groupId;
  if (!groupId) return;
  const stub = groupStub(env, groupId);
  const status = rec.order.status;
  // Refunded in full (an ops refund, or every line by after-sales): an open group drops the seat.
  if (status === 'refunded') return void (await stub.leave(rec.order.id));
  if (event.type !== 'payment.succeeded' && event.type !== 'payment.failed') return;
  // A voided payment (the order was cancelled meanwhile) is refunded by the webhook itself; the
  // group only has to free the seat. Anything past pending_payment was paid: the seat is paid.
  if (status === 'cancelled') await stub.release(event.orderId);
  else if (event.type === 'payment.succeeded' && status !== 'pending_payment') await stub.pay(event.orderId);
}

/** What a group's members picked, as counts per variant (a product with options only). */
export async function getGroupVariantCounts(db: Db, groupId: string): Promise<{ variantId: string; count: number }[]> {
  return groupVariantCounts(db, groupId);
}
