// The bargain page /b/:id (砍价): the price now, progress to the floor, who helped and by how much,
// the countdown, and what this visitor can do: sign in by code, cut the price once, or (the
// owner) share it and buy at the floor once it is reached. Plain forms, live by web/src/bargain-live.ts.
import { formatCountdown } from '../../../shared/groups/group-display';
import { moneyIn } from '../../../shared/i18n';
import type { BargainView } from '../../../shared/promotions/bargain-schemas';
import type { Product } from '../../../shared/schemas';
import { CodeSignIn } from '../buyer/code-sign-in';
import { ShareSheet, type ShareInfo } from '../components';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';

export const BARGAIN_CSS = `
.bar{height:14px;border-radius:7px;background:var(--line);overflow:hidden;margin:10px 0}
.bar>span{display:block;height:100%;background:var(--brand);transition:width .4s}
.now{font-size:32px;font-weight:700;color:var(--brand)}
.cuts{list-style:none;padding:0;margin:0}.cuts li{display:flex;justify-content:space-between;gap:8px;padding:8px 0;border-top:1px solid var(--line-soft)}
.cuts li:first-child{border-top:0}.countdown{font-variant-numeric:tabular-nums;font-weight:700}
.notice{background:var(--brand-tint);border-radius:8px;padding:10px;margin:10px 0}
`;

export interface BargainViewer {
  /** The signed-in buyer's email, if any (never shown to others). */
  signedIn: boolean;
  isOwner: boolean;
  helped: boolean;
}

/** How far the price has come down, 0–100. */
export const bargainPercent = (b: Pick<BargainView, 'startPrice' | 'floorPrice' | 'price'>) => {
  const span = b.startPrice.amount - b.floorPrice.amount;
  return span <= 0 ? 100 : Math.round(((b.startPrice.amount - b.price.amount) / span) * 100);
};

export function BargainPage(props: {
  meta: Meta;
  bargain: BargainView;
  product: Product;
  viewer: BargainViewer;
  share: ShareInfo;
  now: number;
  /** The owner's checkout at the floor (the buy form with the bargain). */
  buyHref: string;
  /** The product page, to start another. */
  productHref: string;
  /** A message after a form: the cut just made, or a refusal in the page's words. */
  notice?: { kind: 'ok' | 'error'; text: string };
  login?: { email?: string; error?: string };
}) {
  const { bargain: b, product: p, viewer: v } = props;
  const lang = useLang();
  const t = useT().bargain;
  const money = (amount: number) => moneyIn(lang, { amount, currency: 'CNY' });
  const left = Math.max(0, b.helpersNeeded - b.helps);
  const open = b.status === 'open';
  const helpedBy = b.cuts.map((c) => ({ name: c.helperName, amount: c.amount.amount }));
  return (
    <Layout meta={props.meta} scripts={['/js/bargain-live.js', '/js/share.js']} css={BARGAIN_CSS}>
      <div class="card">
        <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} width="800" height="800" />}</div>
        <div class="body">
          <div class="muted">{t.owner(b.ownerName)}</div>
          <h1>{p.title}</h1>
        </div>
      </div>
      <div class="panel" data-bargain-live data-bargain-id={b.id} data-status={b.status} data-expires-at={b.expiresAt}>
        <div class="muted">{t.priceNow}</div>
        <div class="now" data-price>
          {money(b.price.amount)}
        </div>
        <div class="muted">
          <span data-start>{t.startPrice(money(b.startPrice.amount))}</span> · <span data-floor>{t.floor(money(b.floorPrice.amount))}</span>
        </div>
        <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={bargainPercent(b)} aria-label={t.progress(b.helps, b.helpersNeeded)} data-bar>
          <span style={`width:${bargainPercent(b)}%`} data-bar-fill></span>
        </div>
        <div>
          <b data-progress>{t.progress(b.helps, b.helpersNeeded)}</b> · <span data-cut-so-far>{t.cutSoFar(money(b.startPrice.amount - b.price.amount))}</span>
        </div>
        <div data-status-line>{statusText(b.status, left, t)}</div>
        <div class="muted" data-countdown-row hidden={!open}>
          {t.endsIn} <span class="countdown" data-countdown>{formatCountdown(Date.parse(b.expiresAt) - props.now, t.days)}</span>
        </div>
        {props.notice && (
          <div class={props.notice.kind === 'error' ? 'notice price' : 'notice'} role={props.notice.kind === 'error' ? 'alert' : 'status'} data-notice={props.notice.kind}>
            {props.notice.text}
          </div>
        )}
        <div class="actions">
          {v.isOwner && (b.status === 'succeeded' ? (
            <a class="btn primary" href={props.buyHref} data-buy-floor>
              {t.buyNow(money(b.floorPrice.amount))}
            </a>
          ) : b.status === 'expired' ? (
            <a class="btn ghost" href={props.productHref} data-start-again>
              {t.startAgain}
            </a>
          ) : null)}
          {!v.isOwner && v.signedIn && open && !v.helped && (
            <form method="post" action={`/b/${b.id}/help`}>
              <button class="btn primary" type="submit" data-help>
                {t.help}
              </button>
            </form>
          )}
        </div>
        {v.isOwner && open && <p class="muted" data-owner-hint>{t.ownerHint}</p>}
        {!v.isOwner && v.helped && <p class="muted" data-helped>{t.youHelped}</p>}
        {!v.signedIn && open && (
          <div data-sign-in>
            <p class="muted">{t.signInToHelp}</p>
            <CodeSignIn action={`/b/${b.id}/login`} next={`/b/${b.id}`} email={props.login?.email} error={props.login?.error} />
          </div>
        )}
      </div>
      <div class="panel">
        <h2 style="margin-top:0">{t.helpers}</h2>
        {helpedBy.length === 0 ? (
          <p class="muted" data-no-helpers>
            {t.noHelpers}
          </p>
        ) : null}
        <ul class="cuts" data-cuts>
          {helpedBy.map((c) => (
            <li>
              <span>{c.name}</span>
              <span class="price">{t.cutBy(money(c.amount))}</span>
            </li>
          ))}
        </ul>
      </div>
      <ShareSheet share={props.share} />
    </Layout>
  );
}

export function statusText(status: BargainView['status'], left: number, t: ReturnType<typeof useT>['bargain']): string {
  if (status === 'succeeded') return t.succeeded;
  if (status === 'expired') return t.expired;
  if (status === 'purchased') return t.purchased;
  return t.moreNeeded(left);
}

/** The product page's 发起砍价 for a visitor not signed in: sign in by code, then back to the product. */
export function BargainStartPage(props: { meta: Meta; product: Product; next: string; email?: string; error?: string }) {
  const t = useT().bargain;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <h1 style="margin-top:0">{t.signInToStart}</h1>
        <p>{props.product.title}</p>
        {!props.email && <p class="muted">{t.signInToStartHint}</p>}
        <CodeSignIn action="/b/login" next={props.next} email={props.email} error={props.error} />
      </div>
    </Layout>
  );
}

/**
 * The product page's 发起砍价: a form, so it works without JavaScript; the visitor's ?ref= rides
 * along. A product with options starts it from the variant picker instead (bargain-button.tsx),
 * so the bargain is for the variant chosen; this panel then only says how it works.
 */
export function BargainOffer(props: { product: Product; ref?: string }) {
  const p = props.product;
  const lang = useLang();
  const t = useT().bargain;
  if (!p.bargain || p.stockAvailable <= 0) return null;
  const hint = <p class="muted">{t.startHint(p.bargain.helpersNeeded, p.bargain.durationHours)}</p>;
  if ((p.options?.length ?? 0) > 0) return <div class="panel" data-bargain-offer>{hint}</div>;
  return (
    <form class="panel" method="post" action="/b" data-bargain-offer>
      <input type="hidden" name="product" value={p.id} />
      {props.ref && <input type="hidden" name="ref" value={props.ref} />}
      <button class="btn primary" type="submit" data-start-bargain>
        {t.start(moneyIn(lang, p.bargain.floorPrice))}
      </button>
      {hint}
    </form>
  );
}
