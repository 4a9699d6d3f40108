// The version of what a share card shows. Pages put it in the og:image URL (`?v=`), and the card
// route keys its cache by it, so both sides must compute it from the same fields: the ones the
// card draws, nothing more (a field the card does not show would turn the card over for nothing).
import type { Product } from '../../../shared/schemas';

/** FNV-1a over the JSON: cheap, stable and synchronous; a cache key, not a security boundary. */
export function fingerprint(content: unknown): string {
  const s = JSON.stringify(content) ?? '';
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

// A price range is drawn ("起"), so it is part of the version; a single price adds nothing (old versions hold).
const drawn = (p: Product) => [p.id, p.title, p.price, p.groupBuy ?? null, p.images[0] ?? null, ...(p.priceRange && p.priceRange.max.amount > p.priceRange.min.amount ? [p.priceRange.max] : [])];

/** Group cards show the time left, so they also turn over every ten minutes. */
export const timeBucket = (now: number) => Math.floor(now / 600_000);

export const productCardVersion = (p: Product, sellerName?: string | null) => fingerprint(['p', drawn(p), sellerName ?? null]);

export interface StorefrontDrawn {
  storefront: { handle: string; displayName: string; bio?: string | null; avatarUrl?: string | null };
  products: Product[];
}
export const storefrontCardVersion = (page: StorefrontDrawn) => {
  const s = page.storefront;
  return fingerprint(['s', s.handle, s.displayName, s.bio ?? null, s.avatarUrl ?? null, page.products.slice(0, 4).map(drawn)]);
};

export interface GroupDrawn {
  id: string;
  members: number;
  size: number;
  status: string;
  expiresAt: string;
}
export const groupCardVersion = (p: Product, g: GroupDrawn, priceAmount: number, now: number) =>
  fingerprint(['g', drawn(p), g.id, g.members, g.size, g.status, g.expiresAt, priceAmount, timeBucket(now)]);
