import { moneyIn } from '../../shared/i18n';
import type { Product } from '../../shared/schemas';
import { useLang, useT } from './i18n';
import { PosterButton } from './share-poster';
import { priceFromText } from './storefront/variant-picker';

export function ProductCard(props: { product: Product; href: string }) {
  const p = props.product;
  const lang = useLang();
  const t = useT();
  const formatMoney = (m: Product['price']) => moneyIn(lang, m);
  return (
    <a class="card" href={props.href}>
      <div class="img">{p.images[0] && <img src={p.images[0]} alt={p.title} loading="lazy" width="400" height="400" />}</div>
      <div class="body">
        <div class="t">{p.title}</div>
        {p.groupBuy ? (
          <div>
            <span class="price">{formatMoney(p.groupBuy.price)}</span>
            <span class="strike">{priceFromText(lang, t.product.priceFrom, p)}</span>
            <div class="badge">{t.catalog.groupBadge(p.groupBuy.size)}</div>
          </div>
        ) : (
          <span class="price">{priceFromText(lang, t.product.priceFrom, p)}</span>
        )}
      </div>
    </a>
  );
}

export function ProductGrid(props: { products: Product[]; hrefFor: (p: Product) => string; empty?: string }) {
  const t = useT();
  if (props.products.length === 0) return <div class="empty">{props.empty ?? t.catalog.nothingHere}</div>;
  return (
    <div class="grid">
      {props.products.map((p) => (
        <ProductCard product={p} href={props.hrefFor(p)} />
      ))}
    </div>
  );
}

export function Avatar(props: { name: string; url: string | null }) {
  return <div class="avatar">{props.url ? <img src={props.url} alt={props.name} /> : Array.from(props.name)[0]}</div>;
}

export interface ShareInfo {
  /** Site path to share, e.g. /@handle/p/p_abc. The island adds the visitor's ?ref=. */
  path: string;
  /** Absolute URL shown before the island runs (and without JavaScript). */
  url: string;
  title: string;
  text: string;
  /** A QR image for exactly this share, e.g. a short link's /r/<code>/qr.svg. */
  qrSvgUrl?: string;
  /** A portrait poster (海报) with a QR code, e.g. /g/:id/poster.png. */
  posterUrl?: string;
  /** A nudge above the buttons, e.g. "还差 2 人" on a group that is not full. */
  headline?: string;
}

/** Share sheet: web/src/share.ts (served as /js/share.js) wires the buttons. */
export function ShareSheet(props: { share: ShareInfo }) {
  const s = props.share;
  const t = useT().share;
  return (
    <div class="panel share" data-share data-path={s.path} data-title={s.title} data-text={s.text} data-qr={s.qrSvgUrl}>
      {s.headline ? <div class="price" data-share-headline>{s.headline}</div> : <div class="muted">{t.heading}</div>}
      <input class="share-url" data-share-url readonly value={s.url} aria-label={t.link} />
      <div class="actions">
        <button type="button" class="btn primary" data-share-native hidden>
          {t.share}
        </button>
        <button type="button" class="btn ghost" data-share-copy data-share-js hidden>
          {t.copy}
        </button>
        <button type="button" class="btn ghost" data-share-qr data-share-js hidden>
          {t.qr}
        </button>
      </div>
      {s.posterUrl && <PosterButton url={s.posterUrl} />}
      <div class="qr" data-share-qr-box hidden>
        <img alt={t.qrAlt} width="200" height="200" />
      </div>
      <div class="muted" data-share-status aria-live="polite"></div>
    </div>
  );
}
