import { dateTimeIn } from '../../../shared/i18n';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { OPS_NAV_CSS, OpsNav } from './shell';

export interface AuditView {
  id: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

const OPS_CSS = `
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.list{width:100%;border-collapse:collapse;font-size:13px}table.list td,table.list th{padding:6px 4px;border-top:1px solid var(--line);text-align:left;vertical-align:top}
table.list code{white-space:pre-wrap;word-break:break-all;font-size:12px;color:var(--ink)}
`;

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v));

export function OpsForbiddenPage(props: { meta: Meta }) {
  const t = useT().ops;
  return (
    <Layout meta={props.meta}>
      <div class="empty" role="alert">
        <h1>{t.forbiddenTitle}</h1>
        <p>{t.forbidden}</p>
      </div>
    </Layout>
  );
}

export function OpsAuditPage(props: { meta: Meta; entries: AuditView[] }) {
  const t = useT().ops;
  const lang = useLang();
  return (
    <Layout meta={props.meta} css={OPS_CSS + OPS_NAV_CSS}>
      <OpsNav current="audit" />
      <h1>
        {t.console} · {t.audit}
      </h1>
      <div class="panel scroll">
        {props.entries.length === 0 ? (
          <div class="empty">{t.noAudit}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.who}</th>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.target}</th>
                <th scope="col">{t.change}</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr data-audit={e.id}>
                  <td>{dateTimeIn(lang, e.createdAt)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.target}</td>
                  <td>
                    <code>{json(e.before)}</code> → <code>{json(e.after)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Layout>
  );
}
