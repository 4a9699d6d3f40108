import type { ReviewPage } from '../../shared/buyer-schemas';
import { T } from './account';

/** Verified reviews on the product pages, from the reviews snapshot (no Postgres on a warm view). */
export function ReviewsPanel(props: { reviews?: ReviewPage }) {
  const r = props.reviews;
  if (!r) return null;
  return (
    <div class="panel" data-reviews data-count={r.count}>
      <h2 style="margin-top:0">
        {T.reviews} {r.count > 0 && <span class="muted">★ {r.average} · {r.count}</span>}
      </h2>
      {r.count === 0 && <p class="muted">{T.noReviews}</p>}
      {r.items.map((v) => (
        <div style="border-top:1px solid #eee;padding:8px 0" data-review>
          <div>
            <span style="color:#f5a623">{'★'.repeat(v.rating)}</span> <b>{v.buyerName}</b>{' '}
            <span class="muted" style="border:1px solid #e4393c;color:#e4393c;border-radius:4px;padding:0 4px">{T.verified}</span>
          </div>
          <p style="margin:4px 0;white-space:pre-line">{v.text}</p>
        </div>
      ))}
    </div>
  );
}

/** Follow form on the storefront: a plain POST, so it works without JavaScript; signs in first if needed. */
export function FollowForm(props: { handle: string; followers?: number }) {
  return (
    <form method="post" action={`/account/follow/${props.handle}`} class="panel" style="display:flex;align-items:center;gap:10px" data-follow>
      <button class="btn primary" type="submit">
        {T.follow}
      </button>
      {props.followers !== undefined && (
        <span class="muted" data-followers={props.followers}>
          {props.followers} {T.followers}
        </span>
      )}
    </form>
  );
}
