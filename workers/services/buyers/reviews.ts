import { recordAudit } from '../trust/audit';
// Verified reviews: only a buyer whose order of the product was delivered may write one.
import type { Review } from '../../../shared/buyers/buyer-schemas';
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { AppEnv } from '../../env';
import { findDeliveredPurchase, insertReview, listVisibleReviews, reviewSummary, setReviewHidden } from '../../storage/buyers/buyers-repo';
import { isUniqueViolation, type Db } from '../../storage/db';
import type { ReviewRow } from '../../storage/schema';
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import { getProductOrThrow, invalidateProduct, type LazyDb } from '../catalog/catalog';

export interface ReviewPage {
  items: Review[];
  average: number | null;
  count: number;
  nextCursor: string | null;
}

const FIRST_PAGE = 20;
// The first page lives in the catalog KV beside the product snapshot, so product pages read
// reviews without Postgres; a new or hidden review drops it together with the product's pages.
const reviewsKey = (productId: string) => `rv:${productId}`;

/** Only the first name: reviews are public, the buyer's full name and email are not. */
const publicName = (name: string) => {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first.length > 1 ? `${[...first][0]}**` : first || '—';
};

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  rating: r.rating,
  text: r.text,
  buyerName: publicName(r.buyerName),
  createdAt: r.createdAt.toISOString(),
  verified: true,
});

export async function createReview(env: AppEnv, db: Db, email: string, productId: string, body: { rating: number; text: string }): Promise<Review> {
  await getProductOrThrow(env, () => db, productId);
  const purchase = await findDeliveredPurchase(db, email, productId);
  if (!purchase) throw new ApiError('forbidden', 'Only a buyer whose order of this product was delivered can review it.');
  let row: ReviewRow;
  try {
    row = await insertReview(db, { id: newId('v'), productId, buyerEmail: email, buyerName: purchase.buyerName, rating: body.rating, text: body.text });
  } catch (e) {
    if (isUniqueViolation(e, 'reviews_buyer_product_uq')) throw new ApiError('conflict', 'You have already reviewed this product.');
    throw e;
  }
  await invalidateReviews(env, productId);
  return toReview(row);
}

export async function invalidateReviews(env: AppEnv, productId: string) {
  await env.CATALOG.delete(reviewsKey(productId));
  await invalidateProduct(env, productId);
}

async function loadPage(db: Db, productId: string, limit: number, cursor?: string): Promise<ReviewPage> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await listVisibleReviews(db, productId, limit + 1, after && { createdAt: new Date(after.createdAt), id: after.id });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const { average, count } = await reviewSummary(db, productId);
  return {
    items: page.map(toReview),
    average,
    count,
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** The first page comes from the snapshot when there is one (no Postgres); later pages from Postgres. */
export async function listReviews(env: AppEnv, db: LazyDb, productId: string, q: { limit?: number; cursor?: string } = {}): Promise<ReviewPage> {
  const limit = q.limit ?? FIRST_PAGE;
  if (q.cursor || limit !== FIRST_PAGE) {
    await getProductOrThrow(env, db, productId);
    return loadPage(db(), productId, limit, q.cursor);
  }
  const cached = await env.CATALOG.get<ReviewPage>(reviewsKey(productId), 'json');
  if (cached) return cached;
  await getProductOrThrow(env, db, productId);
  const page = await loadPage(db(), productId, limit);
  await env.CATALOG.put(reviewsKey(productId), JSON.stringify(page), { expirationTtl: 60 * 60 * 24 });
  return page;
}

/** What an ops audit log records for a hide or unhide: handed back to the caller for its log. */
export interface ReviewModeration {
  action: 'review.hide' | 'review.show';
  actorAccountId: string;
  reviewId: string;
  productId: string;
}

/** Hides (or shows) a review; the ops audit log records it in the same transaction. */
export async function hideReview(env: AppEnv, db: Db, id: string, hidden: boolean, actorAccountId: string) {
  const row = await db.transaction(async (tx) => {
    const r = await setReviewHidden(tx, id, hidden);
    if (r) {
      await recordAudit(tx, { actor: actorAccountId, action: hidden ? 'review.hide' : 'review.show', target: r.id, before: { hidden: !hidden }, after: { hidden, productId: r.productId } });
    }
    return r;
  });
  if (!row) throw new ApiError('not_found', 'No such review.');
  await invalidateReviews(env, row.productId);
  const moderation: ReviewModeration = { action: hidden ? 'review.hide' : 'review.show', actorAccountId, reviewId: row.id, productId: row.productId };
  return { review: { id: row.id, productId: row.productId, hidden: row.hidden }, moderation };
}
