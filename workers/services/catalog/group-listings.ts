// Open groups per product, kept in KV by the GroupBuy objects so a product page lists them
// without a Postgres query: one key per group (no read-modify-write race between groups),
// its numbers in the key's metadata, so one prefix list returns everything a page needs.
import { pickOpenGroups, type OpenGroupListing } from '../../../shared/groups/group-display';
import type { GroupSnapshot } from '../../../shared/groups/group-state';
import type { AppEnv } from '../../env';

type ListingEnv = Pick<AppEnv, 'CATALOG'>;

const prefix = (productId: string) => `og:${productId}:`;

/** Rewrites (or, once decided, removes) the group's listing. Safe to repeat. */
export async function publishGroupListing(env: ListingEnv, g: GroupSnapshot, now = Date.now()): Promise<void> {
  const key = `${prefix(g.productId)}${g.id}`;
  const expiresAt = Date.parse(g.expiresAt);
  if (g.status !== 'open' || expiresAt <= now) {
    await env.CATALOG.delete(key);
    return;
  }
  const meta: OpenGroupListing = { id: g.id, members: g.members, held: g.held, size: g.size, expiresAt: g.expiresAt };
  // KV drops the key by itself shortly after the deadline, even if the object never runs again.
  const ttl = Math.max(60, Math.ceil((expiresAt - now) / 1000) + 60);
  await env.CATALOG.put(key, '', { metadata: meta, expirationTtl: ttl });
}

/** A few open groups of a product to join, nearest to full first. */
export async function listOpenGroups(env: ListingEnv, productId: string, limit = 5, now = Date.now()): Promise<OpenGroupListing[]> {
  const listed = await env.CATALOG.list<OpenGroupListing>({ prefix: prefix(productId), limit: 1000 });
  return pickOpenGroups(
    listed.keys.map((k) => k.metadata).filter((m): m is OpenGroupListing => !!m),
    now,
    limit,
  );
}
