// Group invite loop: a joiner who arrives with no ref and no cookie credits the seller whose
// link opened the group, so a group that spreads from buyer to buyer still pays that seller.
import type { Attribution } from '../../../shared/links/attribution';
import type { OrderCreate } from '../../../shared/orders/order-schemas';
import type { Db } from '../../storage/db';
import { findGroupOrigin } from '../../storage/links/group-attribution-repo';
import { findSellerById } from '../../storage/sellers/accounts-repo';

/** The channel recorded on inherited joins, so the seller's stats show joins the group page brought. */
export const GROUP_SHARE_CHANNEL = 'group_share';

/**
 * The buyer's own attribution wins when there is one; otherwise a join inherits the group's.
 * Checkout calls this after its own resolution with one line.
 */
export async function withGroupAttribution(
  db: Db,
  body: Pick<OrderCreate, 'group'>,
  own: Attribution | null,
  buyerSellerId?: string | null,
): Promise<Attribution | null> {
  if (own || !body.group || !('join' in body.group)) return own;
  const origin = await findGroupOrigin(db, body.group.join);
  if (!origin) return null;
  // Same self-purchase rule as a direct click: a signed-in seller joining their own group earns
  // nothing; checkout's fraud assessment then applies the email and address rules to it as well.
  return { ...origin, channel: GROUP_SHARE_CHANNEL, commissionable: buyerSellerId !== origin.sellerId };
}

/** The handle of the seller whose link opened the group, for its poster's persona; null when none did. */
export async function groupSellerHandle(db: Db, groupId: string): Promise<string | null> {
  const origin = await findGroupOrigin(db, groupId);
  return origin ? ((await findSellerById(db, origin.sellerId))?.handle ?? null) : null;
}
