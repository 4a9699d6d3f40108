import { formatCountdown, seatsNeeded, type OpenGroupListing } from '../../../shared/groups/group-display';
import type { GroupSnapshot } from '../../../shared/groups/group-state';
import { messagesFor, moneyIn, type Locale, type Messages } from '../../../shared/i18n';
import type { Product } from '../../../shared/schemas';
import { ShareSheet, type ShareInfo } from '../components';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { VariantPicker, priceFromText } from './variant-picker';
import { BargainButton } from './bargain-button';

/** `path` with the visitor's ?ref= carried on, so attribution survives browsers that drop cookies. */
export function withRef(path: string, ref: string | undefined): string {
  if (!ref) return path;
  return `${path}${path.includes('?') ? '&' : '?'}ref=${encodeURIComponent(ref)}`;
}

/** The product page's group section: open groups to join (nearest to full first), start one, or buy alone. */
export function GroupOffer(props: { product: Product; openGroups: OpenGroupListing[]; ref?: string; now: number }) {
  const p = props.product;
  const soldOut = p.stockAvailable <= 0;
  const lang = useLang();
  const t = useT().group;
  const formatMoney = (m: Product['price']) => moneyIn(lang, m);
  return (
    <>
      {p.groupBuy && props.openGroups.length > 0 && (
        <div class="panel groups" data-open-groups>
          <h2 style="margin-top:0">{t.joinable}</h2>
          {props.openGroups.map((g) => (
            <div class="row" data-open-group={g.id}>
              <div>
                <b>
                  {g.members}/{g.size}
                </b>{' '}
                {t.joined} · <span class="price">{t.moreNeeded(g.size - g.members)}</span>
                <div class="muted">
                  {t.endsIn} <span data-countdown-to={g.expiresAt}>{formatCountdown(Date.parse(g.expiresAt) - props.now, t.days)}</span>
                </div>
              </div>
              <a class="btn ghost" href={withRef(`/g/${g.id}`, props.ref)}>
                {t.join}
              </a>
            </div>
          ))}
        </div>
      )}
      <div class="panel actions" data-buy>
        {soldOut ? (
          <span class="btn ghost">{useT().product.soldOut}</span>
        ) : (p.options?.length ?? 0) > 0 ? (
          // With options the buyer picks a variant first: the form sends the choice to /buy.
          <VariantPicker product={p} action={`/buy/${p.id}`} hidden={{ ref: props.ref }}>
            <button class="btn ghost" type="submit" name="mode" value="alone" data-buy-alone>
              {p.groupBuy ? t.buyAlone(priceFromText(lang, useT().product.priceFrom, p)) : t.buyNow(priceFromText(lang, useT().product.priceFrom, p))}
            </button>
            {p.groupBuy && (
              <button class="btn primary" type="submit" name="mode" value="open" data-start-group>
                {t.startGroup(formatMoney(p.groupBuy.price))}
              </button>
            )}
            {/* 砍价 on the chosen variant: the same form, posted to /b (pages/storefront/bargain.tsx). */}
            {p.bargain && <BargainButton product={p} />}
          </VariantPicker>
        ) : (
          <>
            <a class="btn ghost" href={withRef(`/buy/${p.id}?mode=alone`, props.ref)} data-buy-alone>
              {p.groupBuy ? t.buyAlone(formatMoney(p.price)) : t.buyNow(formatMoney(p.price))}
            </a>
            {p.groupBuy && (
              <a class="btn primary" href={withRef(`/buy/${p.id}?mode=open`, props.ref)} data-start-group>
                {t.startGroup(formatMoney(p.groupBuy.price))}
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
.seat{width:44px;height:44px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-weight:700;border:2px dashed var(--brand-line);color:var(--brand);background:var(--surface)}
.seat.paid{border:2px solid var(--brand);background:var(--brand-soft)}.seat.held{border-style:solid;color:var(--muted)}
.counter{font-size:20px}.counter b{color:var(--brand)}.countdown{font-variant-numeric:tabular-nums;font-weight:700}
.groups .row{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 0;border-top:1px solid var(--line-soft)}
.groups .row:first-of-type{border-top:0}
`;

export function statusLine(g: Pick<GroupSnapshot, 'status' | 'size' | 'members'>, t: Messages['group']): string {
  if (g.status === 'succeeded') return t.complete;
  if (g.status === 'failed') return t.failed;
  return t.moreNeeded(seatsNeeded(g));
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
  /** The leader shown (团长): the opener, or after a refund the earliest paid member. */
  leaderInitials?: string;
  joinHref: string;
  share: ShareInfo;
  now: number;
  /** Variants picked so far, as counts only. */
  picks?: { label: string; count: number }[];
}) {
  const { group: g, product: p } = props;
  const joinable = g.status === 'open' && Date.parse(g.expiresAt) > props.now && g.members + g.held < g.size;
  const lang: Locale = useLang();
  const all = messagesFor(lang);
  const t = all.group;
  const formatMoney = (m: Product['price']) => moneyIn(lang, m);
  return (
    <Layout meta={props.meta} scripts={['/js/group-live.js', '/js/share.js']} css={GROUP_CSS}>
      <div class="card">
        <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} width="800" height="800" />}</div>
        <div class="body">
          <h1>{p.title}</h1>
          <span class="price" style="font-size:24px">
            {formatMoney({ amount: props.groupPrice, currency: 'CNY' })}
          </span>
          <span class="muted"> {all.product.groupPrice(g.size)}</span>
          <span class="strike">{formatMoney(p.price)}</span>
          <div class="muted">{all.product.buyAloneAt(formatMoney(p.price))}</div>
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
          <b data-members>{g.members}</b>/<span>{g.size}</span> {t.joined}
          <span class="muted">
            {' '}
            (<span data-held>{g.held}</span> {t.paying})
          </span>
        </div>
        <Seats group={g} initials={props.initials} />
        {props.leaderInitials && (
          <div class="muted" data-leader>
            {t.leader(props.leaderInitials)}
          </div>
        )}
        {props.picks && props.picks.length > 0 && (
          <div class="muted" data-picks>
            {all.product.groupPicks}: {props.picks.map((x) => `${x.label} × ${x.count}`).join(' · ')}
          </div>
        )}
        <div data-status-line>{statusLine(g, t)}</div>
        <div class="muted" data-countdown-row hidden={g.status !== 'open'}>
          {t.endsIn} <span class="countdown" data-countdown>{formatCountdown(Date.parse(g.expiresAt) - props.now, t.days)}</span>
        </div>
        <div class="actions">
          <a class="btn primary" href={props.joinHref} data-join hidden={!joinable}>
            {t.joinThis(formatMoney({ amount: props.groupPrice, currency: 'CNY' }))}
          </a>
        </div>
      </div>
      <ShareSheet share={props.share} />
    </Layout>
  );
}
