// Share cards and posters: load what a picture shows, key it by a version of that content and
// serve it from the Cache API. A content change (price, title, group seats) changes the key, so
// a stale card is never served; old entries simply age out.
import { renderSVG } from 'uqr';
import { artPalette } from '../../../shared/demo-art';
import type { Product } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import type { LazyDb } from '../catalog/catalog';
import { renderPng } from './card-engine';
import { getProductView, getProductViews } from '../catalog/catalog';
import { fingerprint, groupCardVersion, productCardVersion, storefrontCardVersion, timeBucket } from './card-version';
import { getGroupPageView } from '../groups/groups';
import { groupSellerHandle } from '../links/group-attribution';
import { resolveLink } from '../links/links';
import { CARD, POSTER, SQUARE, groupCard, groupLines, poster, productCard, squareCard, storefrontCard, type Picture } from './share-card-layouts';
import { formatMoney } from '../../../shared/money';
import { getStorefrontPage, getStorefrontSnapshot } from '../sellers/storefronts';

export const CARD_SIZE = CARD;
export type CardKind = { kind: 'product'; id: string } | { kind: 'seller-product'; handle: string; id: string } | { kind: 'storefront'; handle: string } | { kind: 'group'; id: string };

// Demo art (shared/demo-art.ts) is drawn natively, so its label uses the card font instead of
// an SVG font the rasterizer does not have.
const FALLBACK: [string, string] = ['#e4393c', '#ffb199'];
const MAX_IMAGE_BYTES = 1_500_000;

/** A drawable picture for an image URL: demo art natively, PNG/JPEG inline, anything else a placeholder. */
export async function pictureOf(url: string | undefined | null, label: string): Promise<Picture> {
  const art = url?.match(/^\/img\/([a-z]+)\/([^/]+)\.svg$/);
  if (art) return { colors: artPalette(art[1]!), label: safeDecode(art[2]!) };
  if (url && /^https:\/\//.test(url)) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const type = r.headers.get('content-type') ?? '';
      if (r.ok && /^image\/(png|jpeg)/.test(type)) {
        const bytes = new Uint8Array(await r.arrayBuffer());
        if (bytes.length <= MAX_IMAGE_BYTES) return { src: `data:${type.split(';')[0]};base64,${toBase64(bytes)}`, colors: FALLBACK, label };
      }
    } catch {
      // A slow or broken image host still gets a card, with the placeholder.
    }
  }
  return { colors: FALLBACK, label };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface Loaded {
  /** What the picture shows, as card-version.ts computes it (the page's og:image `?v=`). */
  version: string;
  draw: () => Promise<Uint8Array>;
  size: { width: number; height: number };
}

async function activeProduct(env: AppEnv, db: LazyDb, id: string): Promise<Product | null> {
  const p = await getProductView(env, db, id);
  return p && p.active ? p : null;
}

export async function loadCard(env: AppEnv, db: LazyDb, k: CardKind, now = Date.now()): Promise<Loaded | null> {
  if (k.kind === 'product' || k.kind === 'seller-product') {
    const [p, sf] = await Promise.all([activeProduct(env, db, k.id), k.kind === 'seller-product' ? getStorefrontSnapshot(env, db, k.handle) : null]);
    if (!p || (k.kind === 'seller-product' && !sf)) return null;
    const seller = sf ? { displayName: sf.displayName } : undefined;
    return { version: productCardVersion(p, seller?.displayName), size: CARD, draw: async () => renderPng(env, productCard(p, await pictureOf(p.images[0], p.title), seller), CARD.width, CARD.height) };
  }
  if (k.kind === 'storefront') {
    const page = await getStorefrontPage(env, db, k.handle);
    if (!page) return null;
    const s = page.storefront;
    const draw = async () => {
      const [avatar, ...picks] = await Promise.all([pictureOf(s.avatarUrl, s.displayName), ...page.products.slice(0, 3).map((p) => pictureOf(p.images[0], p.title))]);
      return renderPng(env, storefrontCard(s, avatar!, page.products.slice(0, 3).map((product, i) => ({ product, pic: picks[i]! }))), CARD.width, CARD.height);
    };
    return { version: storefrontCardVersion(page), size: CARD, draw };
  }
  const view = await getGroupPageView(env, k.id);
  const p = view ? await activeProduct(env, db, view.group.productId) : null;
  if (!view || !p) return null;
  const g = { ...view.group, priceAmount: view.priceAmount };
  return { version: groupCardVersion(p, g, g.priceAmount, now), size: CARD, draw: async () => renderPng(env, groupCard(p, await pictureOf(p.images[0], p.title), g, now), CARD.width, CARD.height) };
}

/**
 * The page's square thumbnail (600×600): the same picture as its card, with the price, the
 * storefront's name or the seats left. Versioned by the card it goes with.
 */
export async function loadSquare(env: AppEnv, db: LazyDb, k: CardKind, now = Date.now()): Promise<Loaded | null> {
  const wide = await loadCard(env, db, k, now);
  if (!wide) return null;
  const draw = async (): Promise<Uint8Array> => {
    if (k.kind === 'storefront') {
      const page = await getStorefrontPage(env, db, k.handle);
      if (!page) throw new Error('storefront vanished while drawing');
      return renderPng(env, squareCard(await pictureOf(page.storefront.avatarUrl, page.storefront.displayName), page.storefront.displayName), SQUARE.width, SQUARE.height);
    }
    const id = k.kind === 'group' ? (await getGroupPageView(env, k.id))?.group.productId : k.id;
    const p = id ? await activeProduct(env, db, id) : null;
    if (!p) throw new Error('product vanished while drawing');
    const view = k.kind === 'group' ? await getGroupPageView(env, k.id) : null;
    const line = view ? groupLines({ ...view.group, priceAmount: view.priceAmount }, now).need : formatMoney(p.groupBuy?.price ?? p.price);
    return renderPng(env, squareCard(await pictureOf(p.images[0], p.title), line), SQUARE.width, SQUARE.height);
  };
  return { version: wide.version, size: SQUARE, draw };
}

export const qrDataUri = (url: string) => `data:image/svg+xml;base64,${btoa(renderSVG(url, { ecc: 'M', border: 2 }))}`;

export type PosterTarget = { code: string } | { groupId: string } | { handle: string; productId?: string } | { productId: string; handle?: undefined };

export async function loadPoster(env: AppEnv, db: LazyDb, target: PosterTarget, origin: string, now = Date.now()): Promise<Loaded | null> {
  if ('groupId' in target) {
    const view = await getGroupPageView(env, target.groupId);
    const p = view ? await activeProduct(env, db, view.group.productId) : null;
    if (!view || !p) return null;
    const g = { ...view.group, priceAmount: view.priceAmount };
    const url = `${origin}/g/${g.id}`;
    // The persona of the seller whose link opened the group: the group spreads on their trust.
    const handle = await groupSellerHandle(db(), g.id);
    const sf = handle ? await getStorefrontSnapshot(env, db, handle) : null;
    const draw = async () => {
      const { need, left } = groupLines(g, now);
      const seller = sf ? { displayName: sf.displayName, avatar: await pictureOf(sf.avatarUrl, sf.displayName) } : undefined;
      const el = poster({ product: p, pic: await pictureOf(p.images[0], p.title), groupPrice: g.priceAmount, headline: `${g.members}/${g.size} · ${need} ${left}`, seller, qr: qrDataUri(url), caption: '一起拼团更便宜' });
      return renderPng(env, el, POSTER.width, POSTER.height);
    };
    return { version: fingerprint([groupCardVersion(p, g, g.priceAmount, now), url, sf?.displayName ?? null, sf?.avatarUrl ?? null]), size: POSTER, draw };
  }
  // A tracked link, a seller's product or storefront, or a bare product: who recommends what, and where the QR code leads.
  let handle: string | undefined;
  let productId: string | undefined;
  let url: string;
  if ('code' in target) {
    const link = await resolveLink(env, db, target.code);
    if (!link) return null;
    ({ handle } = link);
    productId = link.productId ?? undefined;
    url = `${origin}/r/${link.code}`;
  } else {
    ({ handle, productId } = target);
    url = `${origin}${handle ? `/@${handle}` : ''}${productId ? `/p/${productId}` : ''}`;
  }
  const sf = handle ? await getStorefrontSnapshot(env, db, handle) : null;
  if (handle && !sf) return null;
  const products = productId ? [await activeProduct(env, db, productId)].filter((p): p is Product => !!p) : sf ? await getProductViews(env, db, sf.productIds.slice(0, 4)) : [];
  if (productId && !products.length) return null;
  const draw = async () => {
    const avatar = sf ? await pictureOf(sf.avatarUrl, sf.displayName) : null;
    const pics = await Promise.all(products.map((p) => pictureOf(p.images[0], p.title)));
    const seller = sf && avatar ? { displayName: sf.displayName, avatar } : undefined;
    const el = productId && products[0]
      ? poster({ product: products[0], pic: pics[0]!, seller, qr: qrDataUri(url), caption: '好物推荐 · 拼团更便宜' })
      : poster({ picks: products.map((product, i) => ({ product, pic: pics[i]! })), seller, qr: qrDataUri(url), caption: `${sf?.displayName ?? 'Pinlink'} 的小店` });
    return renderPng(env, el, POSTER.width, POSTER.height);
  };
  return { version: fingerprint([products.map((p) => productCardVersion(p)), sf, url]), size: POSTER, draw };
}

// The isolate's most recent pictures, keyed by name and content version, in front of the Cache
// API: a shared card is fetched in bursts, by every preview bot of a group chat at once.
const recent = new Map<string, Uint8Array>();
const RECENT_MAX = 64;
const recentKey = (name: string, version: string) => `${name}@${version}`;
function remember(key: string, png: Uint8Array): Uint8Array {
  recent.delete(key);
  recent.set(key, png);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  return png;
}

/**
 * The picture named `name` at content version `version`, if this isolate has it. Entries are
 * only ever stored under the version computed from the content, so a hit for the version a
 * page put in its og:image URL is exactly that content, and needs no snapshot read at all.
 */
export function recentPng(name: string, version: string): Uint8Array | undefined {
  return recent.get(recentKey(name, version));
}

/** Cached bytes for a loaded picture; `name` says which picture, the version says which content. */
export async function cachedPng(name: string, loaded: Loaded, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<{ body: Uint8Array | ArrayBuffer; version: string; hit: boolean }> {
  const version = loaded.version;
  const memoKey = recentKey(name, version);
  const memo = recent.get(memoKey);
  if (memo) return { body: memo, version, hit: true };
  const key = new Request(`https://cards.pinlink.internal/${encodeURIComponent(name)}/${version}.png`);
  const cache = (caches as unknown as { default: Cache }).default;
  const hit = await cache.match(key);
  if (hit) return { body: remember(memoKey, new Uint8Array(await hit.arrayBuffer())), version, hit: true };
  const png = remember(memoKey, await loaded.draw());
  ctx.waitUntil(cache.put(key, new Response(png, { headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' } })));
  return { body: png, version, hit: false };
}
