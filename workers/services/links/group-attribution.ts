// Group invite loop: a joiner who arrives with no ref and no cookie credits the seller whose
// link opened the group, so a group that spreads from buyer to buyer still pays that seller.
import type { Db } from '../../storage/db';
import { findGroupOrigin } from '../../storage/links/group-attribution-repo';
import { findSellerById } from '../../storage/sellers/accounts-repo';

/** The channel recorded on inherited joins (services/orders/order-attribution.ts), so the seller's stats show joins the group page brought. */
export const GROUP_SHARE_CHANNEL = 'group_share';

/** The handle of the seller whose link opened the group, for its poster's persona; null when none did. */
export async function groupSellerHandle(db: Db, groupId: string): Promise<string | null> {
  const origin = await findGroupOrigin(db, groupId);
  return origin ? ((await findSellerById(db, origin.sellerId))?.handle ?? null) : null;
}
