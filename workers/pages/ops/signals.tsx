import { dateTimeIn, moneyIn } from '../../../shared/i18n';
import { decisionsFor, type FraudSignalState, type SignalView } from '../../../shared/trust/fraud';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { FilterLinks } from './filter-bar';
import { OPS_NAV_CSS, OpsNav } from './shell';

const CSS = `
.filters{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}.filters a{padding:5px 12px;border-radius:16px;background:var(--surface);color:var(--ink);text-decoration:none;font-size:14px}
.filters a[aria-current=page]{background:var(--brand);color:var(--surface)}
.signal h2{font-size:15px;margin:0 0 6px}.signal dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0;font-size:14px}
.signal dt{color:var(--muted)}.signal dd{margin:0;overflow-wrap:anywhere}.signal form{flex:1;margin:0}.signal form .btn{width:100%}
.state{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;background:var(--line-soft);color:var(--text-2);margin-left:6px;font-weight:400}
.state.open{background:var(--brand-tint);color:var(--brand)}.notice{padding:10px 14px;border-radius:10px;background:var(--ok-tint);color:var(--ok)}.notice.err{background:var(--brand-tint);color:var(--danger)}
`;

export const SIGNAL_FILTERS = ['open', 'observed', 'released', 'reversed', 'all'] as const;
export type SignalFilter = (typeof SIGNAL_FILTERS)[number];

export interface SignalsPageProps {
  meta: Meta;
  filter: SignalFilter;
  items: SignalView[];
  nextCursor: string | null;
  notice?: { ok: boolean; text: string };
}

/** One card per order (all its signals are decided together), one per observation. */
function cardsOf(items: SignalView[]): { head: SignalView; kinds: SignalView['kind'][] }[] {
  const cards: { head: SignalView; kinds: SignalView['kind'][] }[] = [];
  const byOrder = new Map<string, { head: SignalView; kinds: SignalView['kind'][] }>();
  for (const s of items) {
    const key = s.orderId ? `${s.orderId}|${s.state}` : undefined;
    const card = key ? byOrder.get(key) : undefined;
    if (card) {
      if (!card.kinds.includes(s.kind)) card.kinds.push(s.kind);
      continue;
    }
    const fresh = { head: s, kinds: [s.kind] };
    cards.push(fresh);
    if (key) byOrder.set(key, fresh);
  }
  return cards;
}

export function OpsSignalsPage(props: SignalsPageProps) {
  const t = useT().signals;
  const ops = useT().ops;
  const orderStatus = useT().order.status as Record<string, string>;
  const lang = useLang();
  const stateOf = (s: FraudSignalState) => t.states[s];
  return (
    <Layout meta={props.meta} css={CSS + OPS_NAV_CSS}>
      <OpsNav current="signals" />
      <h1>
        {ops.console} · {t.title}
      </h1>
      <p class="muted">{t.intro}</p>
      <FilterLinks class="filters" links={SIGNAL_FILTERS.map((f) => ({ href: `/ops/signals?state=${f}`, label: t.filters[f], current: f === props.filter }))} />
      {props.notice ? (
        <p class={props.notice.ok ? 'notice' : 'notice err'} role="status">
          {props.notice.text}
        </p>
      ) : null}
      {props.items.length === 0 ? <div class="panel empty">{t.none}</div> : null}
      {cardsOf(props.items).map(({ head: s, kinds }) => (
        <section class="panel signal" data-signal={s.id}>
          <h2>
            {kinds.map((k) => t.kinds[k]).join(' · ')}
            <span class={`state ${s.state}`}>{stateOf(s.state)}</span>
          </h2>
          <dl>
            <dt>{ops.when}</dt>
            <dd>{dateTimeIn(lang, s.createdAt)}</dd>
            {s.orderId ? (
              <>
                <dt>{t.order}</dt>
                <dd>
                  <a href={`/ops/orders/${s.orderId}`}>{s.orderId}</a>
                  {s.orderTotal ? ` · ${moneyIn(lang, s.orderTotal)}` : ''}
                  {s.orderStatus ? ` · ${orderStatus[s.orderStatus] ?? s.orderStatus}` : ''}
                </dd>
              </>
            ) : null}
            {s.sellerHandle ? (
              <>
                <dt>{t.seller}</dt>
                <dd>@{s.sellerHandle}</dd>
              </>
            ) : null}
            {s.linkCode ? (
              <>
                <dt>{t.link}</dt>
                <dd>/r/{s.linkCode}</dd>
              </>
            ) : null}
            {kinds.length === 1 ? (
              <>
                <dt>#</dt>
                <dd>{t.count(s.observed, s.threshold)}</dd>
              </>
            ) : null}
          </dl>
          {s.decidedBy && s.decidedAt ? <p class="muted">{t.decidedBy(s.decidedBy, dateTimeIn(lang, s.decidedAt))}</p> : null}
          {s.state === 'open' && s.orderId ? (
            <div class="actions">
              {decisionsFor(s.orderStatus).map((d) => (
                <form method="post" action={`/ops/signals/${s.orderId}/${d}`}>
                  <button class={d === 'release' ? 'btn primary' : 'btn ghost'} type="submit">
                    {d === 'release' ? t.release : t.reverse}
                  </button>
                </form>
              ))}
            </div>
          ) : null}
        </section>
      ))}
      {props.nextCursor ? (
        <p>
          <a href={`/ops/signals?state=${props.filter}&cursor=${encodeURIComponent(props.nextCursor)}`}>{t.older}</a>
        </p>
      ) : null}
    </Layout>
  );
}
