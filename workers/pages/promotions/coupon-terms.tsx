// A coupon's terms in the page's words: what it takes off, from what spend, on what, and when.
import { dateIn, moneyIn } from '../../../shared/i18n';
import type { PublicCoupon } from '../../../shared/promotions/coupon-schemas';
import { useLang, useT } from '../i18n';

type Terms = Pick<PublicCoupon, 'discount' | 'minSpend' | 'scope'>;

export function DiscountLabel(props: { c: Terms }) {
  const t = useT().coupons;
  const lang = useLang();
  const d = props.c.discount;
  if (d.kind === 'amount') return <>{t.amountOff(moneyIn(lang, d.amount))}</>;
  return (
    <>
      {t.percentOff(d.percentOff)}
      {d.maxDiscount && ` · ${t.upTo(moneyIn(lang, d.maxDiscount))}`}
    </>
  );
}

/** "满 ¥100.00 可用 · 全场通用". */
export function TermsLine(props: { c: Terms }) {
  const t = useT().coupons;
  const lang = useLang();
  const { minSpend, scope } = props.c;
  const spend = minSpend.amount > 0 ? t.minSpend(moneyIn(lang, minSpend)) : t.noMinimum;
  const where = scope.kind === 'all' ? t.scopeAll : scope.kind === 'category' ? t.scopeCategory(scope.categories.join(' / ')) : t.scopeProducts;
  return (
    <>
      {spend} · {where}
    </>
  );
}

export function ValidityLine(props: { validity: PublicCoupon['validity'] }) {
  const t = useT().coupons;
  const lang = useLang();
  const v = props.validity;
  return <>{v.kind === 'fixed' ? t.validRange(dateIn(lang, v.startsAt), dateIn(lang, v.endsAt)) : t.afterClaim(v.days)}</>;
}
