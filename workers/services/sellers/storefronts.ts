import { ApiError } from '../../../shared/errors';
import type { Product, Storefront, StorefrontSnapshot, StorefrontUpdate } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import { findSellerByHandle, updateSellerProfile } from '../../storage/sellers/accounts-repo';
import type { Db } from '../../storage/db';
import { findProducts } from '../../storage/catalog/products-repo';
import type { SellerRow } from '../../storage/schema';
import { listPickIds, listPickNotes, replacePicks } from '../../storage/sellers/storefront-repo';
import { countFollowers } from '../../storage/buyers/buyers-repo';
import { getProductViews, type LazyDb } from '../catalog/catalog';
import { invalidatePages } from '../catalog/page-cache';

export type { StorefrontSnapshot };

const storefrontKey = (handle: string) => `sf:${handle}`;

function toSnapshot(s: SellerRow, productIds: string[], followers?: number, notes?: Record<string, string>): StorefrontSnapshot {
  return {
    sellerId: s.id,
    followers,
    notes,
    handle: s.handle,
    displayName: s.displayName,
    bio: s.bio,
    avatarUrl: s.avatarUrl,
    focusCategory: s.focusCategory,
    productIds,
  };
}

export const publicStorefront = ({ sellerId: _s, followers: _f, notes: _n, ...rest }: StorefrontSnapshot): Storefront => rest;

export async function getStorefrontSnapshot(env: AppEnv, db: LazyDb, handle: string): Promise<StorefrontSnapshot | null> {
  const cached = await env.CATALOG.get<StorefrontSnapshot>(storefrontKey(handle), 'json');
  if (cached) return cached;
  const seller = await findSellerByHandle(db(), handle);
  if (!seller) return null;
  const snap = toSnapshot(seller, await listPickIds(db(), seller.id), await countFollowers(db(), seller.id), await listPickNotes(db(), seller.id));
  await env.CATALOG.put(storefrontKey(handle), JSON.stringify(snap));
  return snap;
}

export async function getStorefrontPage(env: AppEnv, db: LazyDb, handle: string): Promise<{ storefront: StorefrontSnapshot; products: Product[] } | null> {
  const storefront = await getStorefrontSnapshot(env, db, handle);
  if (!storefront) return null;
  return { storefront, products: await getProductViews(env, db, storefront.productIds) };
}

export async function updateStorefront(env: AppEnv, db: Db, seller: SellerRow, body: StorefrontUpdate): Promise<Storefront> {
  const picks = body.picks ?? body.productIds?.map((productId) => ({ productId }));
  if (picks) {
    const unique = [...new Map(picks.map((p) => [p.productId, p])).values()];
    const ids = unique.map((p) => p.productId);
    const found = await findProducts(db, ids);
    const known = new Set(found.filter((p) => p.active).map((p) => p.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new ApiError('invalid_input', `Unknown products: ${unknown.join(', ')}`);
    await replacePicks(db, seller.id, unique);
  }
  const patch: Parameters<typeof updateSellerProfile>[2] = {};
  if (body.displayName !== undefined) patch.displayName = body.displayName;
  if (body.bio !== undefined) patch.bio = body.bio;
  if (body.avatarUrl !== undefined) patch.avatarUrl = body.avatarUrl;
  if (body.focusCategory !== undefined) patch.focusCategory = body.focusCategory;
  const row = Object.keys(patch).length ? await updateSellerProfile(db, seller.id, patch) : seller;
  const snap = toSnapshot(row, await listPickIds(db, seller.id), await countFollowers(db, seller.id), await listPickNotes(db, seller.id));
  // Explicit invalidation: the page reflects the change on the next view.
  await env.CATALOG.put(storefrontKey(row.handle), JSON.stringify(snap));
  invalidatePages(`sf:${row.handle}`);
  return publicStorefront(snap);
}

/** Dropped, not rewritten (see invalidateProduct): the next view rebuilds it from Postgres. */
export async function invalidateStorefront(env: AppEnv, handle: string) {
  await env.CATALOG.delete(storefrontKey(handle));
  invalidatePages(`sf:${handle}`);
}
