// The frame every seller page shares: its stylesheet, the layout around it, and form alerts.
import type { Child } from 'hono/jsx';
import { Layout, type Meta } from '../layout';

const CSS = `
.form label{display:block;font-size:14px;margin:10px 0 4px}
.form input[type=text],.form input[type=email],.form input[type=password],.form input[type=url],.form textarea,.form select{width:100%;padding:10px;border:1px solid var(--field-border);border-radius:8px;font-size:16px;background:var(--surface)}
.form .btn{width:100%;margin-top:14px}
.alert{background:var(--brand-tint);color:var(--danger);border-radius:8px;padding:10px;margin:8px 0}
.tiles{display:grid;grid-template-columns:repeat(2,1fr);gap:8px}@media(min-width:640px){.tiles{grid-template-columns:repeat(3,1fr)}}
.tile{background:var(--surface);border-radius:12px;padding:10px}.tile .v{font-size:20px;font-weight:700}.tile .k{color:var(--muted);font-size:12px}
.copyrow{display:flex;gap:6px;align-items:center;margin-top:6px}.copyrow input{flex:1;min-width:0;padding:8px;border:1px solid var(--line);border-radius:8px;font-size:13px;color:var(--text-2)}
.copyrow .btn{padding:6px 12px;font-size:13px}
.links .link{display:flex;gap:10px;align-items:center;border-top:1px solid var(--line-soft);padding:10px 0}.links .link:first-child{border-top:0}
.links .link img{width:72px;height:72px;flex:none}.links .link .info{flex:1;min-width:0}
table.list{width:100%;border-collapse:collapse;font-size:13px}table.list td,table.list th{padding:6px 4px;border-top:1px solid var(--line-soft);text-align:left}
.tree{list-style:none;padding:0;margin:0}.tree li{padding:3px 0}
.picks label{display:flex;gap:8px;align-items:center;margin:6px 0;font-size:14px}
.inline{display:inline}
`;

export function Shell(props: { meta: Meta; children: Child; scripts?: string[] }) {
  return (
    <Layout meta={props.meta} css={CSS} scripts={props.scripts}>
      {props.children}
    </Layout>
  );
}

export function Alert(props: { error?: string }) {
  return props.error ? (
    <div class="alert" role="alert">
      {props.error}
    </div>
  ) : null;
}

