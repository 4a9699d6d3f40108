import { moneyIn, type Messages } from '../../../shared/i18n';
import type { Product, Variant } from '../../../shared/schemas';
import { PICKER_CSS, VariantPicker } from './variant-picker';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { CouponChoice } from '../promotions/coupon-choice';
import type { BuyerCouponView } from '../../../shared/promotions/coupon-schemas';

export type BuyMode = 'alone' | 'open' | 'join';

export interface BuyForm {
  mode: BuyMode;
  groupId?: string;
  ref?: string;
  /** The Idempotency-Key of this checkout: minted when the form is shown, so a double submit is one order. */
  idem: string;
  email?: string;
  name?: string;
  line1?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  phone?: string;
  quantity?: number;
  /** The chosen variant of a product with options. */
  variantId?: string;
  /** Bought from this flash sale (秒杀), at its price. */
  flashSale?: string;
  /** A bargain (砍价) its owner buys: one unit at its floor price. */
  bargainId?: string;
  /** The claimed coupon chosen (a plain order only). */
  coupon?: string;
}

const BUY_CSS = `
.form label{display:block;margin:10px 0 4px;font-size:14px;color:var(--text-2)}
.form input{width:100%;padding:10px;border:1px solid var(--field-border);border-radius:8px;font-size:15px}
.error{background:var(--brand-tint);color:var(--danger);border-radius:8px;padding:10px;margin:10px 0}
`;

const title = (t: Messages['buy'], mode: BuyMode) => t[mode];

function Field(props: { label: string; name: string; value?: string | number; type?: string; required?: boolean; autocomplete?: string }) {
  return (
    <>
      <label for={`f-${props.name}`}>{props.label}</label>
      <input
        id={`f-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? '' : String(props.value)}
        required={props.required ?? true}
        autocomplete={props.autocomplete}
      />
    </>
  );
}

export function BuyPage(props: {
  meta: Meta;
  product: Product;
  form: BuyForm;
  unitPrice: number;
  error?: string;
  variant?: Variant;
  /** A plain order's coupon choice: the signed-in buyer's usable coupons (undefined: nobody signed in). */
  coupons?: BuyerCouponView[];
}) {
  const { product: p, form: f } = props;
  const lang = useLang();
  const all = useT();
  const t = all.buy;
  const pick = (p.options?.length ?? 0) > 0 && !props.variant;
  return (
    <Layout meta={props.meta} css={pick ? BUY_CSS + PICKER_CSS : BUY_CSS} scripts={pick ? ['/js/variant-picker.js'] : undefined}>
      <div class="panel">
        <div class="muted">{title(t, f.mode)}</div>
        <h1>{p.title}</h1>
        {props.variant && (
          <div class="muted" data-variant={props.variant.id}>
            {p.options.map((o) => props.variant!.options[o.name]).join(' / ')}
          </div>
        )}
        <span class="price" style="font-size:22px" data-unit-price={props.unitPrice} data-price data-group={f.mode !== 'alone' ? '' : undefined}>
          {moneyIn(lang, { amount: props.unitPrice, currency: 'CNY' })}
        </span>
        {f.mode !== 'alone' && p.groupBuy && <span class="muted"> · {all.product.groupPrice(p.groupBuy.size)}</span>}
      </div>
      {props.error && (
        <div class="error" role="alert" data-error>
          {props.error}
        </div>
      )}
      {pick ? (
        <div class="panel">
          <h2 style="margin-top:0">{all.product.pickVariant}</h2>
          <VariantPicker product={p} action={`/buy/${p.id}`} hidden={{ mode: f.mode, group: f.groupId, ref: f.ref }}>
            <button class="btn primary" type="submit" data-submit-variant>
              {t.continue}
            </button>
          </VariantPicker>
        </div>
      ) : (
      <form class="panel form" method="post" action={`/buy/${p.id}`}>
        <input type="hidden" name="mode" value={f.mode} />
        {f.variantId && <input type="hidden" name="variant" value={f.variantId} />}
        <input type="hidden" name="idem" value={f.idem} />
        {f.groupId && <input type="hidden" name="group" value={f.groupId} />}
        {f.flashSale && <input type="hidden" name="flashSale" value={f.flashSale} />}
        {f.bargainId && <input type="hidden" name="bargain" value={f.bargainId} />}
        {f.ref && <input type="hidden" name="ref" value={f.ref} />}
        {f.mode === 'alone' && !f.bargainId && <Field label={t.quantity} name="quantity" type="number" value={f.quantity ?? 1} />}
        <Field label={t.email} name="email" type="email" value={f.email} autocomplete="email" />
        <Field label={t.name} name="name" value={f.name} autocomplete="name" />
        <Field label={t.address} name="line1" value={f.line1} autocomplete="street-address" />
        <Field label={t.city} name="city" value={f.city} autocomplete="address-level2" />
        <Field label={t.postalCode} name="postalCode" value={f.postalCode} autocomplete="postal-code" />
        <Field label={t.country} name="country" value={f.country ?? 'CN'} autocomplete="country" />
        <Field label={t.phoneOptional} name="phone" type="tel" value={f.phone} required={false} autocomplete="tel" />
        {f.mode === 'alone' && <CouponChoice coupons={props.coupons} chosen={f.coupon} signedIn={props.coupons !== undefined} />}
        <div class="actions">
          <button class="btn primary" type="submit" data-submit>
            {t.continue}
          </button>
        </div>
        <p class="muted">
          {f.mode === 'alone' ? t.holdAlone : t.holdGroup}
        </p>
      </form>
      )}
    </Layout>
  );
}
