// The coupon choice on the checkout form: the signed-in buyer's unused coupons for this product,
// as radio buttons (no script), or a way to sign in when nobody is.
import type { BuyerCouponView } from '../../../shared/promotions/coupon-schemas';
import { useT } from '../i18n';
import { DiscountLabel, TermsLine } from './coupon-terms';

export function CouponChoice(props: { coupons?: BuyerCouponView[]; chosen?: string; signedIn: boolean }) {
  const t = useT().coupons;
  if (!props.signedIn) {
    return (
      <p class="muted">
        <a href="/account/login" style="text-decoration:underline">
          {t.signInForCoupons}
        </a>
      </p>
    );
  }
  const list = props.coupons ?? [];
  if (list.length === 0) return null;
  return (
    <fieldset style="border:1px solid var(--border);border-radius:10px;padding:4px 12px 10px;margin:12px 0" data-coupon-choice>
      <legend style="font-weight:600">{t.useCoupon}</legend>
      <label style="display:flex;gap:8px;align-items:center;margin:8px 0">
        <input type="radio" name="coupon" value="" checked={!props.chosen} style="width:20px;height:20px" />
        {t.noCoupon}
      </label>
      {list.map((c) => (
        <label style="display:flex;gap:8px;align-items:flex-start;margin:8px 0">
          <input type="radio" name="coupon" value={c.id} checked={props.chosen === c.id} style="width:20px;height:20px;flex:none" data-coupon-option={c.id} />
          <span>
            <b class="price">
              <DiscountLabel c={c} />
            </b>{' '}
            {c.title}
            <span class="muted" style="display:block">
              <TermsLine c={c} />
            </span>
          </span>
        </label>
      ))}
      <p class="muted" style="margin:4px 0 0">{t.couponHint}</p>
    </fieldset>
  );
}
