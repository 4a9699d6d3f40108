import { formatMoney } from '../../shared/money';
import type { Product } from '../../shared/schemas';
import { Layout, type Meta } from './layout';

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
}

const BUY_CSS = `
.form label{display:block;margin:10px 0 4px;font-size:14px;color:#555}
.form input{width:100%;padding:10px;border:1px solid #ddd;border-radius:8px;font-size:15px}
.error{background:#fff0f0;color:#c0262a;border-radius:8px;padding:10px;margin:10px 0}
`;

const TITLE: Record<BuyMode, string> = {
  alone: '单独购买 · Buy alone',
  open: '发起拼团 · Start a group',
  join: '参加拼团 · Join the group',
};

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

export function BuyPage(props: { meta: Meta; product: Product; form: BuyForm; unitPrice: number; error?: string }) {
  const { product: p, form: f } = props;
  return (
    <Layout meta={props.meta} css={BUY_CSS}>
      <div class="panel">
        <div class="muted">{TITLE[f.mode]}</div>
        <h1>{p.title}</h1>
        <span class="price" style="font-size:22px" data-unit-price={props.unitPrice}>
          {formatMoney({ amount: props.unitPrice, currency: 'CNY' })}
        </span>
        {f.mode !== 'alone' && p.groupBuy && <span class="muted"> · {p.groupBuy.size}人拼团价 · group price</span>}
      </div>
      {props.error && (
        <div class="error" role="alert" data-error>
          {props.error}
        </div>
      )}
      <form class="panel form" method="post" action={`/buy/${p.id}`}>
        <input type="hidden" name="mode" value={f.mode} />
        <input type="hidden" name="idem" value={f.idem} />
        {f.groupId && <input type="hidden" name="group" value={f.groupId} />}
        {f.ref && <input type="hidden" name="ref" value={f.ref} />}
        {f.mode === 'alone' && <Field label="数量 · Quantity" name="quantity" type="number" value={f.quantity ?? 1} />}
        <Field label="邮箱 · Email" name="email" type="email" value={f.email} autocomplete="email" />
        <Field label="姓名 · Name" name="name" value={f.name} autocomplete="name" />
        <Field label="地址 · Address" name="line1" value={f.line1} autocomplete="street-address" />
        <Field label="城市 · City" name="city" value={f.city} autocomplete="address-level2" />
        <Field label="邮编 · Postal code" name="postalCode" value={f.postalCode} autocomplete="postal-code" />
        <Field label="国家/地区 · Country" name="country" value={f.country ?? 'CN'} autocomplete="country" />
        <Field label="电话（选填）· Phone (optional)" name="phone" type="tel" value={f.phone} required={false} autocomplete="tel" />
        <div class="actions">
          <button class="btn primary" type="submit" data-submit>
            去支付 · Continue to payment
          </button>
        </div>
        <p class="muted">
          {f.mode === 'alone'
            ? '下单后为你保留库存，请尽快支付。 Stock is held for you while you pay.'
            : '支付后占座；到期未成团自动全额退款。 Paying takes your seat; if the group does not fill in time, you are refunded in full.'}
        </p>
      </form>
    </Layout>
  );
}
