import { dateTimeIn } from '../../../shared/i18n';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { DataTable } from './data-table';
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
      <DataTable
        rows={props.entries}
        rowAttrs={(e) => ({ 'data-audit': e.id })}
        empty={t.noAudit}
        columns={[
          { label: t.when, cell: (e) => dateTimeIn(lang, e.createdAt) },
          { label: t.who, cell: (e) => e.actor },
          { label: t.what, cell: (e) => e.action },
          { label: t.target, cell: (e) => e.target },
          {
            label: t.change,
            cell: (e) => (
              <>
                <code>{json(e.before)}</code> → <code>{json(e.after)}</code>
              </>
            ),
          },
        ]}
      />
    </Layout>
  );
}
