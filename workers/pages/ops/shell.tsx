// The frame of every ops console page: section navigation, a stylesheet readable on a phone
// (tables scroll sideways inside their panel), and the small form parts the pages share.
import type { Child } from 'hono/jsx';
import { useT } from '../i18n';
import { Layout, type Meta } from '../layout';

// Colours darker than the shop's own where text is small: 4.5:1 contrast or better on white.
/** The section nav's style: every ops page that shows OpsNav adds it to its own stylesheet. */
export const OPS_NAV_CSS = `
.opsnav{display:flex;gap:4px;overflow-x:auto;-webkit-overflow-scrolling:touch;margin:4px 0 8px;padding:2px}
.opsnav a{flex:none;padding:8px 12px;border-radius:18px;background:var(--surface);font-size:14px;border:1px solid var(--border);color:var(--ink)}
.opsnav a[aria-current=page]{background:var(--ink);color:var(--surface);border-color:var(--ink)}
`;

const CSS = `${OPS_NAV_CSS}
a.link,.panel a.link{color:var(--brand);text-decoration:underline}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.list{width:100%;border-collapse:collapse;font-size:13px}table.list td,table.list th{padding:8px 6px;border-top:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
table.list td.wrap{white-space:normal;min-width:140px}
.tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}.tile{background:var(--surface);border-radius:12px;padding:10px}.tile .v{font-size:18px;font-weight:700}.tile .k{color:var(--muted);font-size:12px}
.form label,.form legend{display:block;font-size:14px;margin:12px 0 4px;font-weight:600}
.form input[type=text],.form input[type=number],.form input[type=date],.form input[type=datetime-local],.form input[type=search],.form textarea,.form select{width:100%;padding:10px;border:1px solid var(--field-border);border-radius:8px;font-size:16px;background:var(--surface);color:var(--ink);font-family:inherit}
.form fieldset{border:1px solid var(--border);border-radius:10px;padding:4px 12px 12px;margin:12px 0}
.form .hint{color:var(--muted);font-size:13px;margin:2px 0 0}
.form .err{color:var(--danger);font-size:13px;margin:4px 0 0;font-weight:600}
.form [aria-invalid=true]{border-color:var(--danger)!important;border-width:2px!important}
.form .check{display:flex;gap:8px;align-items:center;font-weight:600;margin:14px 0}
.form .check input{width:22px;height:22px}
.filters{display:grid;grid-template-columns:1fr 1fr;gap:0 10px}.filters .full{grid-column:1/-1}
.btn.dark{background:var(--ink);color:var(--surface)}
.btn:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.alert{background:var(--brand-tint);color:var(--danger);border-radius:8px;padding:10px;margin:8px 0}
.notice{background:var(--ok-tint);color:var(--ok);border-radius:8px;padding:10px;margin:8px 0}
.pager{display:flex;justify-content:space-between;margin:10px 4px}
.chart svg{display:block;height:140px}
ol.timeline{margin:0;padding-left:20px}ol.timeline li{padding:2px 0}
.panel h2{margin:0 0 8px}
.row{display:flex;gap:10px;flex-wrap:wrap;align-items:center}
`;

export type OpsSection = 'overview' | 'products' | 'orders' | 'groups' | 'sellers' | 'withdrawals' | 'payouts' | 'program' | 'flashSales' | 'coupons' | 'refunds' | 'afterSales' | 'signals' | 'audit';
type Section = OpsSection;
const SECTIONS: [Section, string][] = [
  ['overview', '/ops'],
  ['products', '/ops/products'],
  ['orders', '/ops/orders'],
  ['groups', '/ops/groups'],
  ['sellers', '/ops/sellers'],
  ['withdrawals', '/ops/withdrawals'],
  ['payouts', '/ops/payouts'],
  ['program', '/ops/program'],
  ['flashSales', '/ops/flash-sales'],
  ['coupons', '/ops/coupons'],
  ['refunds', '/ops/refunds'],
  ['afterSales', '/ops/after-sales'],
  ['signals', '/ops/signals'],
  ['audit', '/ops/audit'],
];

export function OpsNav(props: { current?: Section }) {
  const t = useT().opsConsole.nav;
  return (
    <nav class="opsnav" aria-label={t.label}>
      {SECTIONS.map(([s, href]) => (
        <a href={href} aria-current={s === props.current ? 'page' : undefined}>
          {t[s]}
        </a>
      ))}
    </nav>
  );
}

export function OpsShell(props: { meta: Meta; current?: Section; children: Child }) {
  return (
    <Layout meta={props.meta} css={CSS}>
      <OpsNav current={props.current} />
      {props.children}
    </Layout>
  );
}

export function Notice(props: { ok?: string; error?: string }) {
  return (
    <>
      {props.error && (
        <div class="alert" role="alert">
          {props.error}
        </div>
      )}
      {props.ok && (
        <div class="notice" role="status">
          {props.ok}
        </div>
      )}
    </>
  );
}
