// What a signed-in buyer does besides reviewing: their orders, follows, and becoming a seller.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';
import { findSellerByHandle, findSellerById } from '../../storage/sellers/accounts-repo';
import { countFollowers, deleteFollow, findFirstReferrer, insertFollow, listBuyerOrderIds, listFollowing } from '../../storage/buyers/buyers-repo';
import type { Db } from '../../storage/db';
import { enrollSeller } from '../program/enrollment';
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import { getOrderRecordOrThrow, toOrderView } from '../orders/orders';
import { invalidateStorefront } from '../sellers/storefronts';

export async function listBuyerOrders(db: Db, email: string, q: { limit: number; cursor?: string }) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await listBuyerOrderIds(db, email, q.limit + 1, after && { createdAt: new Date(after.createdAt), id: after.id });
  const page = rows.slice(0, q.limit);
  const items = await Promise.all(page.map(async (r) => toOrderView(await getOrderRecordOrThrow(db, r.id))));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null };
}

async function sellerByHandleOrThrow(db: Db, handle: string) {
  const seller = await findSellerByHandle(db, handle);
  if (!seller) throw new ApiError('not_found', 'No such storefront.');
  return seller;
}

/** Idempotent both ways: following twice is one follow, unfollowing a stranger is fine. */
export async function followSeller(env: AppEnv, db: Db, email: string, handle: string, follow: boolean): Promise<{ following: boolean }> {
  const seller = await sellerByHandleOrThrow(db, handle);
  if (follow) await insertFollow(db, email, seller.id);
  else await deleteFollow(db, email, seller.id);
  // The storefront snapshot carries the follower count.
  await invalidateStorefront(env, seller.handle);
  return { following: follow };
}

export async function listFollowedStorefronts(db: Db, email: string) {
  const rows = await listFollowing(db, email);
  return { items: rows.map((r) => ({ handle: r.handle, displayName: r.displayName, followedAt: r.followedAt.toISOString() })) };
}

/**
 * The buyer's email becomes a seller account, by the program's enrollment rule (after_spend:
 * only once the email's paid, unrefunded orders reach the threshold). The invitation network
 * grows along real purchases: the inviter is whoever referred this buyer's first attributed (paid) order.
 */
export async function becomeSeller(env: AppEnv, db: Db, email: string, body: { handle: string; displayName: string; password: string }, address?: string) {
  const referrerId = await findFirstReferrer(db, email);
  const inviter = referrerId ? await findSellerById(db, referrerId) : undefined;
  return enrollSeller(env, db, { email, ...body, inviteCode: inviter?.inviteCode }, 'buyer', address);
}

export const countSellerFollowers = (db: Db, sellerId: string) => countFollowers(db, sellerId);
