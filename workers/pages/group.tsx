import { formatCountdown, seatsNeeded, type OpenGroupListing } from '../../shared/group-display';
import type { GroupSnapshot } from '../../shared/group-state';
import { formatMoney } from '../../shared/money';
import type { Product } from '../../shared/schemas';
import { ShareSheet, type ShareInfo } from './components';
import { Layout, type Meta } from './layout';

/** `path` with the visitor's ?ref= carried on, so attribution survives browsers that drop cookies. */
export function withRef(path: string, ref: string | undefined): string {
  if (!ref) return path;
  return `${path}${path.includes('?') ? '&' : '?'}ref=${encodeURIComponent(ref)}`;
}

/** The product page's group section: open groups to join (nearest to full first), start one, or buy alone. */
export function GroupOffer(props: { product: Product; openGroups: OpenGroupListing[]; ref?: string; now: number }) {
  const p = props.product;
  const soldOut = p.stockAvailable <= 0;
  return (
    <>
      {p.groupBuy && props.openGroups.length > 0 && (
        <div class="panel groups" data-open-groups>
          <h2 style="margin-top:0">正在拼团 · Groups you can join</h2>
          {props.openGroups.map((g) => (
            <div class="row" data-open-group={g.id}>
              <div>
                <b>
                  {g.members}/{g.size}
                </b>{' '}
                人已拼 · joined · <span class="price">还差 {g.size - g.members} 人 · {g.size - g.members} more</span>
                <div class="muted">
                  剩余 · ends in <span data-countdown-to={g.expiresAt}>{formatCountdown(Date.parse(g.expiresAt) - props.now)}</span>
                </div>
              </div>
              <a class="btn ghost" href={withRef(`/g/${g.id}`, props.ref)}>
                去参团 · Join
              </a>
            </div>
          ))}
        </div>
      )}
      <div class="panel actions" data-buy>
        {soldOut ? (
          <span class="btn ghost">已售罄 · Sold out</span>
        ) : (
          <>
            <a class="btn ghost" href={withRef(`/buy/${p.id}?mode=alone`, props.ref)} data-buy-alone>
              {p.groupBuy ? '单独购买' : '立即购买'} {formatMoney(p.price)} · {p.groupBuy ? 'Buy alone' : 'Buy now'}
            </a>
            {p.groupBuy && (
              <a class="btn primary" href={withRef(`/buy/${p.id}?mode=open`, props.ref)} data-start-group>
                发起拼团 {formatMoney(p.groupBuy.price)} · Start a group
              </a>
            )}
          </>
        )}
      </div>
    </>
  );
}

export const GROUP_CSS = `
.seats{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.seat{width:44px;height:44px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-weight:700;border:2px dashed #f3b0b1;color:#e4393c;background:#fff}
.seat.paid{border:2px solid #e4393c;background:#ffd6d6}.seat.held{border-style:solid;color:#aaa}
.counter{font-size:20px}.counter b{color:#e4393c}.countdown{font-variant-numeric:tabular-nums;font-weight:700}
.groups .row{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 0;border-top:1px solid #f2f2f2}
.groups .row:first-of-type{border-top:0}
`;

export function statusLine(g: GroupSnapshot): string {
  if (g.status === 'succeeded') return '拼团成功 · Group complete';
  if (g.status === 'failed') return '拼团未成功，已退款 · Group did not fill; payments refunded';
  const n = seatsNeeded(g);
  return `还差 ${n} 人 · ${n} more needed`;
}

export function Seats(props: { group: GroupSnapshot; initials: string[] }) {
  const g = props.group;
  return (
    <div class="seats" data-seats data-initials={JSON.stringify(props.initials)}>
      {Array.from({ length: g.size }, (_, i) => {
        const state = i < g.members ? 'paid' : i < g.members + g.held ? 'held' : 'free';
        const text = state === 'paid' ? (props.initials[i] ?? '✓') : state === 'held' ? '…' : '?';
        return (
          <div class={`seat ${state}`} data-seat={state}>
            {text}
          </div>
        );
      })}
    </div>
  );
}

export function GroupPage(props: {
  meta: Meta;
  group: GroupSnapshot;
  product: Product;
  groupPrice: number;
  initials: string[];
  joinHref: string;
  share: ShareInfo;
  now: number;
}) {
  const { group: g, product: p } = props;
  const joinable = g.status === 'open' && Date.parse(g.expiresAt) > props.now && g.members + g.held < g.size;
  return (
    <Layout meta={props.meta} scripts={['/js/group-live.js', '/js/share.js']} css={GROUP_CSS}>
      <div class="card">
        <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} width="800" height="800" />}</div>
        <div class="body">
          <h1>{p.title}</h1>
          <span class="price" style="font-size:24px">
            {formatMoney({ amount: props.groupPrice, currency: 'CNY' })}
          </span>
          <span class="muted"> {g.size}人拼团价 · group price</span>
          <span class="strike">{formatMoney(p.price)}</span>
          <div class="muted">单独购买 · Buy alone: {formatMoney(p.price)}</div>
        </div>
      </div>
      <div
        class="panel"
        data-group-live
        data-group-id={g.id}
        data-size={g.size}
        data-expires-at={g.expiresAt}
        data-status={g.status}
      >
        <div class="counter">
          <b data-members>{g.members}</b>/<span>{g.size}</span> 人已拼 · joined
          <span class="muted">
            {' '}
            (<span data-held>{g.held}</span> 人待支付 · paying)
          </span>
        </div>
        <Seats group={g} initials={props.initials} />
        <div data-status-line>{statusLine(g)}</div>
        <div class="muted" data-countdown-row hidden={g.status !== 'open'}>
          剩余 · Ends in <span class="countdown" data-countdown>{formatCountdown(Date.parse(g.expiresAt) - props.now)}</span>
        </div>
        <div class="actions">
          <a class="btn primary" href={props.joinHref} data-join hidden={!joinable}>
            参团 {formatMoney({ amount: props.groupPrice, currency: 'CNY' })} · Join this group
          </a>
        </div>
      </div>
      <ShareSheet share={props.share} />
    </Layout>
  );
}
