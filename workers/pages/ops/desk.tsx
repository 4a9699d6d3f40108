// Shared parts of the ops pages for groups, sellers and payouts: the console's section nav, a notice line
// and table styles that stay usable at 390 px (tables scroll sideways inside their panel).
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../shared/i18n';
import { useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { OPS_NAV_CSS, OpsNav } from './shell';

// Colours chosen for WCAG AA contrast on white (the site's #888 grey and #e4393c red fall short
// for small text): #595959 is 7:1, #b3261e is 6.4:1.
export const DESK_CSS = `
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.list{width:100%;border-collapse:collapse;font-size:13px}
table.list td,table.list th{padding:8px 4px;border-top:1px solid #eee;text-align:left;vertical-align:top;white-space:nowrap}
table.list .wrap{white-space:normal;min-width:7em}table.list th{color:#404040;font-weight:600}table.list th[scope=row]{font-weight:400;color:inherit}
table.list td.num,table.list th.num{text-align:right;font-variant-numeric:tabular-nums}
.sub{color:#595959;font-size:13px}
nav.desk{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}
nav.desk a,.chips a{display:inline-block;padding:8px 12px;border-radius:16px;background:#fff;border:1px solid #ddd;font-size:14px;color:#1d1d1f}
nav.desk a[aria-current=page],.chips a[aria-current=page]{background:#1d1d1f;color:#fff;border-color:#1d1d1f}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
a.link{color:#b3261e;text-decoration:underline}
.notice{background:#eef7ee;border:1px solid #9c9;border-radius:8px;padding:10px;margin:8px 0}
.notice.warn{background:#fff4e5;border-color:#e0a040}
.tag{display:inline-block;border-radius:4px;font-size:12px;padding:0 6px;background:#fde8e7;color:#8c1d18}
.dbtn{display:inline-block;border:0;border-radius:20px;padding:10px 16px;font-size:15px;font-weight:600;cursor:pointer;background:#b3261e;color:#fff;min-height:44px}
.dbtn.ghost{background:#fff;color:#b3261e;border:1px solid #b3261e}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:16px;border-left:1px dashed #bbb}
ul.tree{padding-left:4px;border-left:0}ul.tree li{padding:4px 0}
`;

/** A compact date and time for narrow table cells, e.g. 11/30 11:38 (China time, like the rest of the site). */
export function shortDateTime(lang: Locale, at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(d);
}

type Section = 'groups' | 'sellers' | 'payouts' | 'audit';

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
