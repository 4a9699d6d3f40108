// /flash (today's and coming flash sales) and /flash/:id (one sale: price, what is left, the
// countdown by the server's clock, the buy button and the share sheet). Both languages.
import { formatCountdown } from '../../../shared/groups/group-display';
import { moneyIn, type Locale } from '../../../shared/i18n';
import type { FlashSaleStatus, FlashSaleView } from '../../../shared/promotions/flash-sale-schemas';
import type { Product } from '../../../shared/schemas';
import { ShareSheet, type ShareInfo } from '../components';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';

const TEXT = {
  'zh-CN': {
    title: '限时秒杀',
    intro: '每场秒杀数量有限，按开始时间准时开抢，抢完即止。',
    empty: '现在没有秒杀，也还没有安排新的场次。过些时候再来看看。',
    onNow: '正在抢',
    coming: '即将开始',
    startsIn: '距开始',
    endsIn: '距结束',
    startsAt: (t: string) => `${t} 开始`,
    left: (n: number, of: number) => `还剩 ${n} 件 / 共 ${of} 件`,
    statuses: { upcoming: '未开始', ongoing: '抢购中', sold_out: '已抢光', ended: '已结束' } as Record<FlashSaleStatus, string>,
    regular: '原价',
    buy: '立即抢购',
    notYet: '还没开始',
    soldOut: '已抢光',
    ended: '已结束',
    perBuyer: (n: number) => `每人限购 ${n} 件`,
    view: '去看看',
    missing: '没有这场秒杀。',
    all: '全部秒杀',
  },
  en: {
    title: 'Flash sales',
    intro: 'Each flash sale has a set number of units. It opens on the minute and ends when they are gone.',
    empty: 'No flash sale is on now and none is planned yet. Check back later.',
    onNow: 'On now',
    coming: 'Coming up',
    startsIn: 'Starts in',
    endsIn: 'Ends in',
    startsAt: (t: string) => `Starts ${t}`,
    left: (n: number, of: number) => `${n} of ${of} left`,
    statuses: { upcoming: 'Upcoming', ongoing: 'On now', sold_out: 'Sold out', ended: 'Ended' } as Record<FlashSaleStatus, string>,
    regular: 'Regular price',
    buy: 'Buy now',
    notYet: 'Not started yet',
    soldOut: 'Sold out',
    ended: 'Ended',
    perBuyer: (n: number) => `Limit ${n} per buyer`,
    view: 'View',
    missing: 'There is no such flash sale.',
    all: 'All flash sales',
  },
} satisfies Record<Locale, unknown>;

export const flashPageText = (lang: Locale) => TEXT[lang];

const CSS = `
.sale{display:flex;gap:12px;align-items:center}.sale img{width:88px;height:88px;border-radius:10px;object-fit:cover;flex:none}
.sale .info{flex:1;min-width:0}.sale h3{margin:0 0 4px;font-size:16px;overflow-wrap:anywhere}
.was{color:var(--muted);text-decoration:line-through;font-size:13px;margin-left:6px}
.bar{height:8px;border-radius:4px;background:var(--line);overflow:hidden;margin:6px 0}.bar span{display:block;height:100%;background:var(--brand)}
.tag{display:inline-block;font-size:12px;border-radius:6px;padding:1px 6px;background:var(--brand-tint);color:var(--brand);font-weight:700}
.clock{font-variant-numeric:tabular-nums;font-weight:700}
.flash-h{margin:16px 4px 8px;font-size:18px}
`;

export interface SaleCard {
  sale: FlashSaleView;
  product: Product;
  /** The regular price of what the sale sells (the variant's, or the product's). */
  regularAmount: number;
  label: string;
  /** Local start time in the store's zone, for upcoming sales. */
  startsLocal: string;
}

function Remaining(props: { sale: FlashSaleView }) {
  const t = TEXT[useLang()];
  const s = props.sale;
  const pct = s.quantity > 0 ? Math.round((s.remaining / s.quantity) * 100) : 0;
  return (
    <>
      <div class="bar" role="img" aria-label={t.left(s.remaining, s.quantity)}>
        <span style={`width:${pct}%`}></span>
      </div>
      <div class="muted" data-remaining={s.remaining}>
        {t.left(s.remaining, s.quantity)}
      </div>
    </>
  );
}

function Clock(props: { sale: FlashSaleView; now: number; reload?: boolean }) {
  const t = TEXT[useLang()];
  const days = useT().group.days;
  const s = props.sale;
  if (s.status === 'ended' || s.status === 'sold_out') return null;
  const to = s.status === 'upcoming' ? s.startsAt : s.endsAt;
  return (
    <div class="muted">
      {s.status === 'upcoming' ? t.startsIn : t.endsIn}{' '}
      <span class="clock" data-flash-to={to} data-reload={props.reload ? '' : undefined}>
        {formatCountdown(Date.parse(to) - props.now, days)}
      </span>
    </div>
  );
}

function SaleRow(props: { card: SaleCard; now: number }) {
  const lang = useLang();
  const t = TEXT[lang];
  const { sale: s, product: p } = props.card;
  return (
    <a class="panel sale" href={`/flash/${s.id}`} data-flash-sale={s.id}>
      {p.images[0] && <img src={p.images[0]} alt="" width="88" height="88" loading="lazy" />}
      <div class="info">
        <h3>{props.card.label}</h3>
        <span class="price">{moneyIn(lang, s.price)}</span>
        <span class="was">{moneyIn(lang, { amount: props.card.regularAmount, currency: 'CNY' })}</span>{' '}
        <span class="tag">{t.statuses[s.status]}</span>
        {s.status === 'upcoming' ? <div class="muted">{t.startsAt(props.card.startsLocal)}</div> : <Remaining sale={s} />}
        <Clock sale={s} now={props.now} />
      </div>
    </a>
  );
}

export function FlashListPage(props: { meta: Meta; serverNow: string; cards: SaleCard[] }) {
  const t = TEXT[useLang()];
  const now = Date.parse(props.serverNow);
  const onNow = props.cards.filter((c) => c.sale.status === 'ongoing' || c.sale.status === 'sold_out');
  const coming = props.cards.filter((c) => c.sale.status === 'upcoming');
  return (
    <Layout meta={props.meta} scripts={['/js/flash-countdown.js']} css={CSS}>
      <div data-server-now={props.serverNow}>
        <h1 style="margin:8px 4px">{t.title}</h1>
        <p class="muted" style="margin:0 4px 8px">
          {t.intro}
        </p>
        {props.cards.length === 0 && <div class="empty">{t.empty}</div>}
        {onNow.length > 0 && <h2 class="flash-h">{t.onNow}</h2>}
        {onNow.map((c) => (
          <SaleRow card={c} now={now} />
        ))}
        {coming.length > 0 && <h2 class="flash-h">{t.coming}</h2>}
        {coming.map((c) => (
          <SaleRow card={c} now={now} />
        ))}
      </div>
    </Layout>
  );
}

export function FlashSalePage(props: { meta: Meta; serverNow: string; card: SaleCard; buyHref: string; share: ShareInfo }) {
  const lang = useLang();
  const t = TEXT[lang];
  const now = Date.parse(props.serverNow);
  const { sale: s, product: p } = props.card;
  const closed = { upcoming: t.notYet, sold_out: t.soldOut, ended: t.ended, ongoing: '' }[s.status];
  return (
    <Layout meta={props.meta} scripts={['/js/flash-countdown.js', '/js/share.js']} css={CSS}>
      <div data-server-now={props.serverNow} data-flash-page={s.id}>
        <div class="card">
          <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} width="800" height="800" />}</div>
          <div class="body">
            <span class="tag">{t.statuses[s.status]}</span>
            <h1>{props.card.label}</h1>
            <span class="price" style="font-size:26px" data-price>
              {moneyIn(lang, s.price)}
            </span>
            <span class="was">
              {t.regular} {moneyIn(lang, { amount: props.card.regularAmount, currency: 'CNY' })}
            </span>
            {s.status === 'upcoming' && <div class="muted">{t.startsAt(props.card.startsLocal)}</div>}
            {s.status !== 'ended' && <Remaining sale={s} />}
            <Clock sale={s} now={now} reload />
            {s.limits.perBuyer && <div class="muted">{t.perBuyer(s.limits.perBuyer)}</div>}
            {s.status === 'ongoing' ? (
              <a class="btn primary" style="margin-top:12px;display:block;text-align:center" href={props.buyHref} data-flash-buy>
                {t.buy}
              </a>
            ) : (
              <button class="btn" style="margin-top:12px;width:100%" type="button" disabled aria-disabled="true">
                {closed}
              </button>
            )}
          </div>
        </div>
        <div class="panel">
          <p style="white-space:pre-line;margin:0">{p.description}</p>
        </div>
        <ShareSheet share={props.share} />
        <p style="margin:12px 4px">
          <a href="/flash">{t.all}</a>
        </p>
      </div>
    </Layout>
  );
}
