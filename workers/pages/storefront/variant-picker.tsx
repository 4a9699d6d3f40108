// The variant picker (规格): radio buttons in a form, so a choice works without JavaScript; the
// island web/src/variant-picker.ts makes the price, stock and image follow the choice in place.
import type { Child } from 'hono/jsx';
import { formatPriceFrom } from '../../../shared/catalog/variants';
import { moneyIn, type Locale } from '../../../shared/i18n';
import type { Product, Variant } from '../../../shared/schemas';
import { useLang, useT } from '../i18n';

/** "¥59 起" when the variants' prices differ, else the one price. */
export function priceFromText(lang: Locale, from: string, p: Pick<Product, 'price'> & { priceRange?: Product['priceRange'] }): string {
  const range = p.priceRange ?? { min: p.price, max: p.price };
  return formatPriceFrom(range, (amount) => moneyIn(lang, { amount, currency: 'CNY' }), from);
}

/** The variant shown first: the one asked for, else the first still in stock, else the first. */
export function defaultVariant(p: Product, wanted?: string): Variant | undefined {
  return p.variants.find((v) => v.id === wanted) ?? p.variants.find((v) => v.stockAvailable > 0) ?? p.variants[0];
}

export const PICKER_CSS = `
.picker fieldset{border:0;margin:0 0 10px;padding:0}.picker legend{font-size:14px;color:var(--text-2);margin-bottom:6px}
.picker .vals{display:flex;flex-wrap:wrap;gap:8px}
.picker label{position:relative}.picker input{position:absolute;opacity:0;width:1px;height:1px}
.picker label span{display:inline-block;min-width:44px;min-height:44px;line-height:42px;padding:0 14px;border:1px solid var(--field-border);border-radius:8px;text-align:center;box-sizing:border-box}
.picker input:checked+span{border:2px solid var(--brand);color:var(--brand);font-weight:700;line-height:40px}
.picker input:focus-visible+span{outline:2px solid var(--brand);outline-offset:2px}
.picker .buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
`;

/**
 * The picker's form: `o0`, `o1`, `o2` carry the chosen value of each option (the server finds the
 * variant), `hidden` the rest of the request. Each variant's shown texts ride along for the island.
 */
export function VariantPicker(props: { product: Product; action: string; hidden: Record<string, string | undefined>; selected?: Variant; children: Child }) {
  const p = props.product;
  const lang = useLang();
  const t = useT().product;
  const tg = useT().group;
  const chosen = props.selected ?? defaultVariant(p);
  const money = (amount: number) => moneyIn(lang, { amount, currency: 'CNY' });
  const data = p.variants.map((v) => ({
    id: v.id,
    values: p.options.map((o) => v.options[o.name] ?? ''),
    price: money(v.price.amount),
    alone: useT().product.buyAloneAt(money(v.price.amount)),
    group: v.groupPrice ? money(v.groupPrice.amount) : null,
    stock: v.stockAvailable > 0 ? t.inStock(v.stockAvailable) : t.variantSoldOut,
    soldOut: v.stockAvailable <= 0,
    image: v.image,
    // The buttons' words for this variant: what buying alone costs, and what the leader pays.
    buyAlone: p.groupBuy ? tg.buyAlone(money(v.price.amount)) : tg.buyNow(money(v.price.amount)),
    startGroup: p.groupBuy ? tg.startGroup(money((v.leaderPrice ?? v.groupPrice ?? p.groupBuy.price).amount)) : null,
  }));
  return (
    <form class="picker" method="get" action={props.action} data-variant-picker data-variants={JSON.stringify(data)}>
      {Object.entries(props.hidden).map(([name, value]) => value !== undefined && <input type="hidden" name={name} value={value} />)}
      {p.options.map((o, i) => (
        <fieldset>
          <legend>{o.name}</legend>
          <div class="vals">
            {o.values.map((value) => (
              <label>
                <input type="radio" name={`o${i}`} value={value} checked={chosen?.options[o.name] === value} required />
                <span>{value}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <p class="muted" data-variant-stock aria-live="polite">
        {chosen ? (chosen.stockAvailable > 0 ? t.inStock(chosen.stockAvailable) : t.variantSoldOut) : ''}
      </p>
      <div class="buttons">{props.children}</div>
    </form>
  );
}

/** The variant a picker's fields (`o0`…) or a `variant` id name, among those on sale. */
export function variantFromQuery(p: Product, get: (name: string) => string | undefined): Variant | undefined {
  const id = get('variant');
  if (id) return p.variants.find((v) => v.id === id);
  const values = p.options.map((_, i) => get(`o${i}`));
  if (values.some((v) => v === undefined)) return undefined;
  return p.variants.find((v) => p.options.every((o, i) => v.options[o.name] === values[i]));
}
