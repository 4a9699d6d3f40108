// Everything /account shows for one buyer.
import type { AppEnv } from '../../env';
import { listReviewedProductIds } from '../../storage/buyers/buyers-repo';
import type { LazyDb } from '../catalog/catalog';
import { listBuyerOrders, listFollowedStorefronts } from './buyers';
import { getStorefrontPage } from '../sellers/storefronts';
import { afterSalePanelFor } from '../aftersales/after-sales';
import { listClaimableCoupons, listMyCoupons } from '../promotions/coupons';

const PICK_STOREFRONTS = 5;
const PICKS_EACH = 3;

export async function loadAccount(env: AppEnv, db: LazyDb, email: string) {
  const [orders, following, reviewed, claimable, mine] = await Promise.all([
    listBuyerOrders(db(), email, { limit: 20 }),
    listFollowedStorefronts(db(), email),
    listReviewedProductIds(db(), email),
    listClaimableCoupons(db()),
    listMyCoupons(db(), email),
  ]);
  // Storefronts keep picks in order, newest curation first; the storefront snapshots are cached.
  const pages = await Promise.all(following.items.slice(0, PICK_STOREFRONTS).map((f) => getStorefrontPage(env, db, f.handle)));
  const picks = pages.flatMap((p) => (p ? p.products.slice(0, PICKS_EACH).map((product) => ({ handle: p.storefront.handle, displayName: p.storefront.displayName, product })) : []));
  // Each paid order's after-sales (售后): its requests, and the form or why it can't take one.
  const panels = await Promise.all(
    orders.items.filter((o) => o.status !== 'pending_payment' && o.status !== 'cancelled').map((o) => afterSalePanelFor(db(), env, o.id)),
  );
  const afterSales = Object.fromEntries(panels.filter((p) => p !== null).map((p) => [p.orderId, p]));
  return { email, orders: orders.items, reviewed: new Set(reviewed), following: following.items, picks, afterSales, coupons: { claimable, mine } };
}
