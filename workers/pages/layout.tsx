import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { CSP_NONCE_SLOT } from '../../shared/csp';
import { LOCALE_NAMES, otherLocale } from '../../shared/i18n';
import { isPrivatePage } from '../../shared/private-pages';
import { useHere, useLang, useT } from './i18n';
import { CardMeta, WeChatThumb, type CardInfo } from './share-meta';

export interface Meta {
  title: string;
  description: string;
  image?: string;
  /** Absolute canonical URL. */
  url: string;
  type?: 'website' | 'product' | 'profile';
  /** The raster share card; when set, `image` is its URL. */
  card?: CardInfo;
}

const CSS = `
/* The palette: every page's colours. Text colours reach WCAG AA (4.5:1) on --surface, --page and their tints. */
:root{--brand:#c9252b;--brand-tint:#fff0f0;--brand-soft:#ffd6d6;--brand-line:#f3b0b1;--ink:#1d1d1f;--text-2:#555;--muted:#666;--page:#f6f6f8;--surface:#fff;--line:#eee;--line-soft:#f2f2f2;--border:#ddd;--field-border:#767676;--danger:#b00020;--ok:#1e5e2b;--ok-tint:#eaf6ec;--ok-line:#9c9;--warn-tint:#fff4e5;--warn-line:#e0a040;--focus:#1a5fb4;--star:#9a5b00;--chart-orders:#1a5fb4;--chart-paid:#2e7d32;--chart-channel:#b45f06}
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;background:var(--page);color:var(--ink);line-height:1.5}
a{color:inherit;text-decoration:none}img{max-width:100%;display:block}
header.top{position:sticky;top:0;z-index:5;background:var(--surface);border-bottom:1px solid var(--line);padding:10px 16px;display:flex;align-items:center;gap:8px}
header.top .brand{font-weight:700;color:var(--brand);font-size:18px}
main{max-width:760px;margin:0 auto;padding:12px}
h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:18px 4px 8px}
.grid{display:grid;grid-template-columns:repeat(2,1fr);gap:10px}@media(min-width:640px){.grid{grid-template-columns:repeat(3,1fr)}}
.card{background:var(--surface);border-radius:12px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.card .img{aspect-ratio:1/1;background:var(--line);overflow:hidden}.card .img img{width:100%;height:100%;object-fit:cover}.card .body{padding:8px 10px}
.card .t{font-size:14px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;min-height:42px}
.price{color:var(--brand);font-weight:700}.muted{color:var(--muted);font-size:13px}.strike{text-decoration:line-through;color:var(--muted);font-size:13px;margin-left:6px}
.badge{display:inline-block;background:var(--brand-tint);color:var(--brand);border-radius:4px;font-size:12px;padding:0 6px;margin-top:4px}
.panel{background:var(--surface);border-radius:12px;padding:14px;margin:10px 0}
.persona{display:flex;gap:12px;align-items:center}.avatar{width:56px;height:56px;border-radius:50%;background:var(--brand-soft);display:flex;align-items:center;justify-content:center;font-weight:700;color:var(--brand);font-size:22px;overflow:hidden;flex:none}
.btn{display:inline-block;border:0;border-radius:22px;padding:10px 18px;font-size:15px;font-weight:600;cursor:pointer;text-align:center}
.btn.primary{background:var(--brand);color:var(--surface)}.btn.ghost{background:var(--surface);color:var(--brand);border:1px solid var(--brand)}
.actions{display:flex;gap:10px;margin-top:12px}.actions .btn{flex:1}
.empty{text-align:center;color:var(--muted);padding:40px 12px}
footer{text-align:center;color:var(--muted);font-size:13px;padding:24px}footer a{text-decoration:underline;margin-left:8px;display:inline-block;padding:8px}
.share .share-url{width:100%;margin-top:6px;padding:8px;border:1px solid var(--line);border-radius:8px;font-size:13px;color:var(--text-2)}
.share .qr{display:flex;justify-content:center;padding:10px}.share .qr img{width:200px;height:200px}
.review{border-top:1px solid var(--line);padding:8px 0}.review .stars{color:var(--star)}.review .verified{border:1px solid var(--brand);color:var(--brand);border-radius:4px;padding:0 4px;font-size:13px}
[hidden]{display:none!important}
`;

/** `here` (a path with its query) with `?lang=` set, so switching keeps the page and its parameters. */
export function switchHref(here: string, lang: string): string {
  const u = new URL(here, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

export function Layout(props: { meta: Meta; children: Child; scripts?: string[]; css?: string }) {
  const { meta } = props;
  const lang = useLang();
  const t = useT();
  const other = otherLocale(lang);
  const here = useHere();
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover" />
          <title>{meta.title}</title>
          {here && isPrivatePage(new URL(here, meta.url).pathname) && <meta name="robots" content="noindex, nofollow" />}
          <link rel="icon" href="/favicon.ico" sizes="any" />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
          <meta name="description" content={meta.description} />
          <link rel="canonical" href={meta.url} />
          <meta property="og:site_name" content="Pinlink" />
          <meta property="og:type" content={meta.type ?? 'website'} />
          <meta property="og:title" content={meta.title} />
          <meta property="og:description" content={meta.description} />
          <meta property="og:url" content={meta.url} />
          {meta.image && <meta property="og:image" content={meta.image} />}
          {meta.card && <CardMeta card={meta.card} />}
          <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
          <meta name="twitter:title" content={meta.title} />
          <meta name="twitter:description" content={meta.description} />
          {meta.image && <meta name="twitter:image" content={meta.image} />}
          <style>{raw(CSS + (props.css ?? ''))}</style>
        </head>
        <body>
          {meta.card && meta.image && <WeChatThumb cardUrl={meta.image} />}
          <header class="top">
            <a class="brand" href="/">
              {t.site.brand}
            </a>
            <a class="muted" href="/me" style="margin-left:auto">
              {t.site.sellers}
            </a>
          </header>
          <main>{props.children}</main>
          <footer>
            Pinlink · {t.site.tagline}
            <a href={switchHref(here ?? meta.url, other)} hreflang={other} lang={other} data-lang-switch>
              {LOCALE_NAMES[other]}
            </a>
          </footer>
          {(props.scripts ?? []).map((src) => (
            <script type="module" src={src} defer nonce={CSP_NONCE_SLOT}></script>
          ))}
        </body>
      </html>
    </>
  );
}
