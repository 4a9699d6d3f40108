import { renderSVG } from 'uqr';
import { assertLinkAllowed } from '../limits/abuse-limits';
import { attributionWindowSeconds } from '../../../shared/links/attribution';
import { ApiError } from '../../../shared/errors';
import { newId, randomToken } from '../../../shared/ids';
import type { Link, LinkCreate } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import { isUniqueViolation, type Db } from '../../storage/db';
import { deactivateSellerLink, findLinkByCode, insertLink, listSellerLinks, type LinkWithTotals } from '../../storage/links/links-repo';
import type { LinkKind, LinkRow, SellerRow } from '../../storage/schema';
import type { LazyDb } from '../catalog/catalog';
import { getProductView } from '../catalog/catalog';
import { assertGroupExists } from '../groups/groups';
import { signToken, type RefClaims } from '../identity/tokens';

/** 62^8 ≈ 2·10^14 codes; a collision is retried with a fresh code, the unique index decides. */
export const LINK_CODE_LENGTH = 8;
const MAX_CODE_ATTEMPTS = 5;

/** What the redirect needs, kept in KV so a click never waits on Postgres. */
export interface LinkSnapshot {
  id: string;
  code: string;
  sellerId: string;
  handle: string;
  kind: LinkKind;
  productId: string | null;
  groupId: string | null;
  channel: string | null;
  active: boolean;
}

type CachedLink = LinkSnapshot | { missing: true };

const linkKey = (code: string) => `link:${code}`;
// Unknown codes are cached briefly so a scan of random codes cannot hammer Postgres. A code
// created meanwhile overwrites its own key, so this never hides a real link.
const MISSING_TTL_SECONDS = 300;

const toSnapshot = (l: LinkRow, handle: string): LinkSnapshot => ({
  id: l.id,
  code: l.code,
  sellerId: l.sellerId,
  handle,
  kind: l.kind,
  productId: l.productId,
  groupId: l.groupId,
  channel: l.channel,
  active: l.active,
});

export const shortLinkUrls = (origin: string, code: string) => ({ url: `${origin}/r/${code}`, qrSvgUrl: `${origin}/r/${code}/qr.svg` });

export async function createLink(env: AppEnv, db: Db, seller: SellerRow, body: LinkCreate, origin: string) {
  // Enrollment: a seller ops have not approved (pending, or rejected) makes no new links.
  if (seller.approval !== 'approved') throw new ApiError('forbidden', seller.approval === 'pending' ? 'Your seller account is waiting for approval; links open once ops approve it.' : 'Your seller application was not approved.');
  await assertLinkAllowed(env, seller.id);
  let kind: LinkKind = 'storefront';
  if (body.productId) {
    const product = await getProductView(env, () => db, body.productId);
    if (!product || !product.active) throw new ApiError('not_found', 'No such product.');
    kind = 'product';
  } else if (body.groupId) {
    await assertGroupExists(db, body.groupId);
    kind = 'group';
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await insertLink(db, {
        id: newId('l'),
        code: randomToken(LINK_CODE_LENGTH),
        sellerId: seller.id,
        kind,
        productId: body.productId ?? null,
        groupId: body.groupId ?? null,
        channel: body.channel ?? null,
      });
      await env.CATALOG.put(linkKey(row.code), JSON.stringify(toSnapshot(row, seller.handle)));
      return { id: row.id, code: row.code, ...shortLinkUrls(origin, row.code) };
    } catch (e) {
      if (isUniqueViolation(e, 'links_code_uq') && attempt < MAX_CODE_ATTEMPTS) continue;
      throw e;
    }
  }
}

// Links hardly ever change (only deactivation), so an isolate keeps the ones it has resolved
// for a few seconds: a hot link redirects without even a KV read. Deactivation through this
// isolate applies at once; other isolates see it within LINK_MEMO_MS.
const LINK_MEMO_MS = 5_000;
const LINK_MEMO_MAX = 5_000;
const linkMemo = new Map<string, { snap: LinkSnapshot; at: number }>();

function memoLink(code: string, snap: LinkSnapshot) {
  linkMemo.delete(code);
  linkMemo.set(code, { snap, at: Date.now() });
  if (linkMemo.size > LINK_MEMO_MAX) linkMemo.delete(linkMemo.keys().next().value!);
}

/** The link behind a short code: from this isolate's memo, else KV; a KV miss reads Postgres once and fills KV. */
export async function resolveLink(env: AppEnv, db: LazyDb, code: string): Promise<LinkSnapshot | null> {
  const memo = linkMemo.get(code);
  if (memo && Date.now() - memo.at < LINK_MEMO_MS) return memo.snap.active ? memo.snap : null;
  const snap = await resolveLinkSnapshot(env, db, code);
  if (snap) memoLink(code, snap);
  return snap && snap.active ? snap : null;
}

async function resolveLinkSnapshot(env: AppEnv, db: LazyDb, code: string): Promise<LinkSnapshot | null> {
  const cached = await env.CATALOG.get<CachedLink>(linkKey(code), 'json');
  if (cached) return 'missing' in cached ? null : cached;
  const row = await findLinkByCode(db(), code);
  if (!row) {
    await env.CATALOG.put(linkKey(code), JSON.stringify({ missing: true }), { expirationTtl: MISSING_TTL_SECONDS });
    return null;
  }
  const snap = toSnapshot(row, row.handle);
  await env.CATALOG.put(linkKey(code), JSON.stringify(snap));
  return snap;
}

export function linkTargetPath(link: LinkSnapshot): string {
  if (link.kind === 'product' && link.productId) return `/@${link.handle}/p/${link.productId}`;
  if (link.kind === 'group' && link.groupId) return `/g/${link.groupId}`;
  return `/@${link.handle}`;
}

// A link's attribution token says only "seller S, link L, channel C": it is the same for every
// visitor, so an isolate mints it once and hands it out for REF_TOKEN_REUSE_MS. Its expiry is
// then at most that much earlier than a fresh one's, against a window of days.
const REF_TOKEN_REUSE_MS = 60_000;
const REF_TOKEN_MEMO_MAX = 5_000;
const refTokenMemo = new Map<string, { token: string; at: number }>();

async function refTokenFor(env: AppEnv, link: LinkSnapshot, maxAge: number): Promise<string> {
  const key = `${link.id}|${link.sellerId}|${link.channel ?? ''}|${maxAge}`;
  const memo = refTokenMemo.get(key);
  if (memo && Date.now() - memo.at < REF_TOKEN_REUSE_MS) return memo.token;
  const claims: RefClaims = { sub: link.sellerId, lid: link.id, ch: link.channel };
  const token = await signToken(env.JWT_KEYS, 'ref', claims, maxAge);
  refTokenMemo.delete(key);
  refTokenMemo.set(key, { token, at: Date.now() });
  if (refTokenMemo.size > REF_TOKEN_MEMO_MAX) refTokenMemo.delete(refTokenMemo.keys().next().value!);
  return token;
}

/** The 302 a click gets: the target with ?ref=, and the same token for the cookie. */
export async function buildRedirect(env: AppEnv, link: LinkSnapshot, origin: string) {
  const maxAge = attributionWindowSeconds(env.ATTRIBUTION_WINDOW_DAYS);
  const token = await refTokenFor(env, link, maxAge);
  const target = new URL(linkTargetPath(link), origin);
  target.searchParams.set('ref', token);
  return { location: target.toString(), token, maxAge };
}

export function linkQrSvg(url: string): string {
  return renderSVG(url, { ecc: 'M', border: 4 });
}

function toLinkView(l: LinkWithTotals, origin: string): Link {
  return {
    id: l.id,
    code: l.code,
    ...shortLinkUrls(origin, l.code),
    kind: l.kind,
    productId: l.productId,
    groupId: l.groupId,
    channel: l.channel,
    active: l.active,
    createdAt: l.createdAt.toISOString(),
    clicks: l.clicks,
    uniqueVisitors: l.uniqueVisitors,
    botClicks: l.botClicks,
  };
}

export async function listMyLinks(db: Db, seller: SellerRow, origin: string, limit: number): Promise<Link[]> {
  return (await listSellerLinks(db, seller.id, limit)).map((l) => toLinkView(l, origin));
}

/** Another seller's link answers exactly like a missing one. */
export async function getMyLinkOrThrow(db: Db, seller: SellerRow, code: string, origin: string): Promise<Link> {
  const [l] = await listSellerLinks(db, seller.id, 1, code);
  if (!l) throw new ApiError('not_found', 'No such link.');
  return toLinkView(l, origin);
}

export async function deactivateMyLink(env: AppEnv, db: Db, seller: SellerRow, code: string): Promise<void> {
  const row = await deactivateSellerLink(db, seller.id, code);
  if (!row) throw new ApiError('not_found', 'No such link.');
  const snap = toSnapshot(row, seller.handle);
  memoLink(code, snap);
  await env.CATALOG.put(linkKey(code), JSON.stringify(snap));
}
