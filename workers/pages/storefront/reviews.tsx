import type { ReviewPage } from '../../../shared/buyers/buyer-schemas';
import { useT } from '../i18n';

/** Verified reviews on the product pages, from the reviews snapshot (no Postgres on a warm view). */
export function ReviewsPanel(props: { reviews?: ReviewPage }) {
  const r = props.reviews;
  const t = useT().reviews;
  if (!r) return null;
  return (
    <div class="panel" data-reviews data-count={r.count}>
      <h2 style="margin-top:0">
        {t.title} {r.count > 0 && <span class="muted">★ {r.average} · {r.count}</span>}
      </h2>
      {r.count === 0 && <p class="muted">{t.none}</p>}
      {r.items.map((v) => (
        <div class="review" data-review>
          <div>
            <span class="stars">{'★'.repeat(v.rating)}</span> <b>{v.buyerName}</b>{' '}
            <span class="verified">{t.verified}</span>
          </div>
          <p style="margin:4px 0;white-space:pre-line">{v.text}</p>
        </div>
      ))}
    </div>
  );
}

/** Follow form on the storefront: a plain POST, so it works without JavaScript; signs in first if needed. */
export function FollowForm(props: { handle: string; followers?: number }) {
  const t = useT().reviews;
  return (
    <form method="post" action={`/account/follow/${props.handle}`} class="panel" style="display:flex;align-items:center;gap:10px" data-follow>
      <button class="btn primary" type="submit">
        {t.follow}
      </button>
      {props.followers !== undefined && (
        <span class="muted" data-followers={props.followers}>
          {props.followers} {t.followers}
        </span>
      )}
    </form>
  );
}

/** The seller's own experience of one product (体验分享), beside the verified reviews. */
export function SellerNote(props: { name: string; note: string }) {
  const t = useT().reviews;
  return (
    <div class="panel" data-seller-note>
      <div class="muted">{t.sellerWords}</div>
      <p style="margin:6px 0 0;white-space:pre-line">
        “{props.note}” <span class="muted">— {props.name}</span>
      </p>
    </div>
  );
}

export function PickNotes(props: { storefront: { displayName: string; notes?: Record<string, string>; handle: string }; products: { id: string; title: string }[] }) {
  const notes = props.storefront.notes ?? {};
  const withNotes = props.products.filter((p) => notes[p.id]);
  const t = useT().reviews;
  if (withNotes.length === 0) return null;
  return (
    <div class="panel" data-seller-notes>
      <h2 style="margin-top:0">{t.sellerWords}</h2>
      {withNotes.map((p) => (
        <p style="margin:6px 0;white-space:pre-line">
          <a href={`/@${props.storefront.handle}/p/${p.id}`}>
            <b>{p.title}</b>
          </a>
          ：{notes[p.id]}
        </p>
      ))}
    </div>
  );
}
