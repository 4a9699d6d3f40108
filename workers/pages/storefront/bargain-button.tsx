// 发起砍价 inside the variant picker's form (a product with options): the chosen values post to /b.
import { moneyIn } from '../../../shared/i18n';
import type { Product } from '../../../shared/schemas';
import { useLang, useT } from '../i18n';

export function BargainButton(props: { product: Product }) {
  const p = props.product;
  const lang = useLang();
  const t = useT().bargain;
  if (!p.bargain) return null;
  return (
    <button class="btn ghost" type="submit" formaction="/b" formmethod="post" name="product" value={p.id} data-start-bargain>
      {t.start(moneyIn(lang, p.bargain.floorPrice))}
    </button>
  );
}
