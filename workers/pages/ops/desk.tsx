// Shared parts of the ops pages for groups, sellers and payouts: the console's section nav, a notice line
// and table styles that stay usable at 390 px (tables scroll sideways inside their panel).
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../shared/i18n';
import { useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { OPS_NAV_CSS, OpsNav } from './shell';

// Colours come from the palette in the layout's styles.
export const DESK_CSS = `
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.list{width:100%;border-collapse:collapse;font-size:13px}
table.list td,table.list th{padding:8px 4px;border-top:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
table.list .wrap{white-space:normal;min-width:7em}table.list th{color:var(--text-2);font-weight:600}table.list th[scope=row]{font-weight:400;color:inherit}
table.list td.num,table.list th.num{text-align:right;font-variant-numeric:tabular-nums}
.sub{color:var(--muted);font-size:13px}
nav.desk{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}
nav.desk a,.chips a{display:inline-block;padding:8px 12px;border-radius:16px;background:var(--surface);border:1px solid var(--border);font-size:14px;color:var(--ink)}
nav.desk a[aria-current=page],.chips a[aria-current=page]{background:var(--ink);color:var(--surface);border-color:var(--ink)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
a.link{color:var(--brand);text-decoration:underline}
.notice{background:var(--ok-tint);border:1px solid var(--ok-line);border-radius:8px;padding:10px;margin:8px 0}
.notice.warn{background:var(--warn-tint);border-color:var(--warn-line)}
.tag{display:inline-block;border-radius:4px;font-size:12px;padding:0 6px;background:var(--brand-tint);color:var(--danger)}
.dbtn{display:inline-block;border:0;border-radius:20px;padding:10px 16px;font-size:15px;font-weight:600;cursor:pointer;background:var(--brand);color:var(--surface);min-height:44px}
.dbtn.ghost{background:var(--surface);color:var(--brand);border:1px solid var(--brand)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:16px;border-left:1px dashed var(--field-border)}
ul.tree{padding-left:4px;border-left:0}ul.tree li{padding:4px 0}
`;

/** A compact date and time for narrow table cells, e.g. 11/30 11:38 (China time, like the rest of the site). */
export function shortDateTime(lang: Locale, at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(d);
}

type Section = 'groups' | 'sellers' | 'withdrawals' | 'payouts' | 'program' | 'coupons' | 'refunds' | 'afterSales' | 'audit';

export function DeskPage(props: { meta: Meta; current: Section; title: string; notice?: { text: string; warn?: boolean }; children: Child }) {
  const t = useT();
  return (
    <Layout meta={props.meta} css={DESK_CSS + OPS_NAV_CSS}>
      <OpsNav current={props.current} />
      <h1>
        {t.ops.console} · {props.title}
      </h1>
      {props.notice && (
        <p class={props.notice.warn ? 'notice warn' : 'notice'} role="status">
          {props.notice.text}
        </p>
      )}
      {props.children}
    </Layout>
  );
}
