// /ops/flash-sales: make a flash sale (秒杀), see each one's state and what is left, stop one early.
import { moneyIn, type Locale } from '../../../../shared/i18n';
import type { FlashSaleStatus, OpsFlashSaleView } from '../../../../shared/promotions/flash-sale-schemas';
import { shortLocal } from '../../../../shared/promotions/local-time';
import { useLang } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { OpsShell } from '../shell';

const TEXT = {
  'zh-CN': {
    title: '秒杀',
    intro: (zone: string) =>
      `创建时，秒杀数量会立即从商品库存中预留出来；库存不够则无法创建。同一商品的两场秒杀时间不能重叠。开始和结束都准时自动切换；结束（或提前结束）后，没卖出的数量退回商品库存，未付款订单占着的件数在订单失效后也会退回。时间按店铺时区 ${zone} 填写。`,
    empty: '还没有秒杀活动。用下面的表单创建第一场。',
    product: '商品',
    price: '秒杀价',
    sold: '已售 / 数量',
    window: '时间',
    status: '状态',
    returned: '已退回库存',
    statuses: { upcoming: '未开始', ongoing: '进行中', sold_out: '已抢光', ended: '已结束' } as Record<FlashSaleStatus, string>,
    stop: '提前结束',
    stopConfirm: '结束',
    add: '创建秒杀',
    productLabel: '商品（有规格的商品选具体规格）',
    priceLabel: '秒杀价，元',
    priceHint: '不高于原价。',
    quantityLabel: '数量',
    quantityHint: '从商品库存中预留。',
    startsLabel: '开始时间',
    endsLabel: '结束时间',
    perBuyerLabel: '每人限购（可不填）',
    create: '创建',
    created: '秒杀已创建，库存已预留。',
    stopped: '秒杀已结束，未售出的数量已退回库存。',
    noProducts: '还没有在售商品，先到“商品”里添加。',
  },
  en: {
    title: 'Flash sales',
    intro: (zone: string) =>
      `The quantity is set aside from the product's stock as soon as the sale is made; without enough stock it cannot be made. Two sales of one product may not overlap. Each sale opens and closes on time by itself; when it ends (or is stopped), what it did not sell goes back to the product, and units held by unpaid orders follow once those lapse. Times are in the store's time zone, ${zone}.`,
    empty: 'No flash sales yet. Make the first one with the form below.',
    product: 'Product',
    price: 'Sale price',
    sold: 'Sold / quantity',
    window: 'When',
    status: 'Status',
    returned: 'Back in stock',
    statuses: { upcoming: 'Upcoming', ongoing: 'On now', sold_out: 'Sold out', ended: 'Ended' } as Record<FlashSaleStatus, string>,
    stop: 'Stop now',
    stopConfirm: 'Stop',
    add: 'Make a flash sale',
    productLabel: 'Product (pick the variant of a product with options)',
    priceLabel: 'Sale price in yuan',
    priceHint: 'At most the regular price.',
    quantityLabel: 'Quantity',
    quantityHint: "Set aside from the product's stock.",
    startsLabel: 'Starts',
    endsLabel: 'Ends',
    perBuyerLabel: 'Limit per buyer (optional)',
    create: 'Create',
    created: 'Flash sale made; its units are set aside.',
    stopped: 'Flash sale stopped; its unsold units are back in stock.',
    noProducts: 'No products on sale yet. Add one under Products first.',
  },
} satisfies Record<Locale, unknown>;

export const flashSalesPageText = (lang: Locale) => TEXT[lang];

export interface SaleChoice {
  value: string;
  label: string;
}

export interface OpsFlashSalesProps {
  meta: Meta;
  sales: OpsFlashSaleView[];
  titles: Record<string, string>;
  choices: SaleChoice[];
  timeZone: string;
  defaults: { startsAt: string; endsAt: string };
  done?: 'created' | 'stopped';
  error?: string;
  form?: Record<string, string>;
}

export function OpsFlashSalesPage(props: OpsFlashSalesProps) {
  const lang = useLang();
  const t = TEXT[lang];
  const f = props.form ?? {};
  const when = (s: OpsFlashSaleView) => `${shortLocal(s.startsAt, props.timeZone)} – ${shortLocal(s.endsAt, props.timeZone)}`;
  return (
    <OpsShell meta={props.meta} current="flashSales">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro(props.timeZone)}</p>
      {props.done && (
        <p class="notice" role="status">
          {props.done === 'created' ? t.created : t.stopped}
        </p>
      )}
      <DataTable
        rows={props.sales}
        rowAttrs={(s) => ({ 'data-sale': s.id })}
        empty={t.empty}
        columns={[
          { label: t.product, rowHeader: true, wrap: true, cell: (s) => props.titles[s.variantId ?? s.productId] ?? props.titles[s.productId] ?? s.productId },
          { label: t.price, numeric: true, cell: (s) => moneyIn(lang, s.price) },
          { label: t.sold, numeric: true, cell: (s) => (s.status === 'ended' ? `${s.quantity - s.returned} / ${s.quantity}` : `${s.quantity - s.remaining} / ${s.quantity}`) },
          { label: t.window, cell: when },
          { label: t.status, cell: (s) => t.statuses[s.status] },
          { label: t.returned, numeric: true, cell: (s) => String(s.returned) },
          {
            label: t.stop,
            cell: (s) =>
              s.status === 'ended' ? (
                ''
              ) : (
                <form method="post" action={`/ops/flash-sales/${s.id}/stop`}>
                  <button class="btn" type="submit" aria-label={`${t.stop}: ${props.titles[s.productId] ?? s.id}`}>
                    {t.stopConfirm}
                  </button>
                </form>
              ),
          },
        ]}
      />
      <form class="panel form" method="post" action="/ops/flash-sales">
        <h2>{t.add}</h2>
        {props.error && (
          <p class="alert" role="alert">
            {props.error}
          </p>
        )}
        {props.choices.length === 0 ? (
          <p class="muted">{t.noProducts}</p>
        ) : (
          <>
            <label for="fs-product">{t.productLabel}</label>
            <select id="fs-product" name="item" required>
              {props.choices.map((c) => (
                <option value={c.value} selected={f.item === c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            <label for="fs-price">{t.priceLabel}</label>
            <input id="fs-price" type="number" name="price" min={0.01} step="0.01" required value={f.price} aria-describedby="fs-price-hint" />
            <p class="hint" id="fs-price-hint">
              {t.priceHint}
            </p>
            <label for="fs-qty">{t.quantityLabel}</label>
            <input id="fs-qty" type="number" name="quantity" min={1} max={100000} required value={f.quantity} aria-describedby="fs-qty-hint" />
            <p class="hint" id="fs-qty-hint">
              {t.quantityHint}
            </p>
            <label for="fs-start">{t.startsLabel}</label>
            <input id="fs-start" type="datetime-local" name="startsAt" required value={f.startsAt ?? props.defaults.startsAt} />
            <label for="fs-end">{t.endsLabel}</label>
            <input id="fs-end" type="datetime-local" name="endsAt" required value={f.endsAt ?? props.defaults.endsAt} />
            <label for="fs-limit">{t.perBuyerLabel}</label>
            <input id="fs-limit" type="number" name="perBuyer" min={1} max={999} value={f.perBuyer} />
            <button class="btn primary" type="submit">
              {t.create}
            </button>
          </>
        )}
      </form>
    </OpsShell>
  );
}
