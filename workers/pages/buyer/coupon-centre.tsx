// The coupon centre on /account (领券中心): coupons to claim, each with a plain form button that
// works without JavaScript, and the buyer's own coupons by state.
import { dateIn } from '../../../shared/i18n';
import type { BuyerCouponView, PublicCoupon } from '../../../shared/promotions/coupon-schemas';
import { useLang, useT } from '../i18n';
import { DiscountLabel, TermsLine, ValidityLine } from '../promotions/coupon-terms';

export interface CouponCentreData {
  claimable: PublicCoupon[];
  mine: BuyerCouponView[];
}

const ORDER: Record<string, number> = { unused: 0, locked: 1, used: 2, expired: 3 };

const CSS = `
.coupon{display:flex;gap:10px;align-items:center;justify-content:space-between;border:1px dashed var(--brand);border-radius:10px;padding:10px;margin:8px 0}
.coupon .off{color:var(--danger);font-weight:700;font-size:17px}
.coupon.dim{border-color:var(--border);opacity:.75}.coupon.dim .off{color:var(--muted)}
.coupon form,.coupon .tag{flex:none}.coupon .tag{white-space:nowrap;font-weight:600}
#coupons h3{font-size:15px;margin:14px 0 4px}
`;

export function CouponCentre(props: { data: CouponCentreData; notice?: { text: string; warn?: boolean } }) {
  const t = useT().coupons;
  const lang = useLang();
  const mine = [...props.data.mine].sort((a, b) => ORDER[a.state]! - ORDER[b.state]!);
  const held = (couponId: string) => props.data.mine.filter((m) => m.couponId === couponId).length;
  return (
    <div class="panel" id="coupons" data-coupon-centre>
      <style>{CSS}</style>
      <h2 style="margin-top:0">{t.centre}</h2>
      {props.notice && (
        <p class={props.notice.warn ? 'price' : 'muted'} role={props.notice.warn ? 'alert' : 'status'} data-coupon-notice>
          {props.notice.text}
        </p>
      )}
      <h3>{t.claimable}</h3>
      {props.data.claimable.length === 0 && <p class="muted">{t.noneClaimable}</p>}
      {props.data.claimable.map((c) => (
        <div class="coupon" data-claimable={c.id}>
          <div>
            <div class="off">
              <DiscountLabel c={c} />
            </div>
            <div class="coupon-title">{c.title}</div>
            <div class="muted">
              <TermsLine c={c} /> · <ValidityLine validity={c.validity} /> · {c.remaining === null ? t.unlimited : t.left(c.remaining)}
            </div>
          </div>
          {held(c.id) >= c.perBuyerLimit ? (
            <span class="tag muted" data-held={c.id}>
              {t.held}
            </span>
          ) : (
            <form method="post" action={`/account/coupons/${c.id}/claim`}>
              <button class="btn primary" type="submit" data-claim={c.id}>
                {t.claim}
              </button>
            </form>
          )}
        </div>
      ))}
      <h3>{t.mine}</h3>
      {mine.length === 0 && <p class="muted">{t.noneMine}</p>}
      {mine.map((c) => (
        <div class={c.state === 'unused' ? 'coupon' : 'coupon dim'} data-mine={c.id} data-state={c.state}>
          <div>
            <div class="off">
              <DiscountLabel c={c} />
            </div>
            <div class="coupon-title">{c.title}</div>
            <div class="muted">
              <TermsLine c={c} /> · {t.validUntil(dateIn(lang, c.validUntil))}
            </div>
          </div>
          <b class="tag">{t.state[c.state]}</b>
        </div>
      ))}
    </div>
  );
}
