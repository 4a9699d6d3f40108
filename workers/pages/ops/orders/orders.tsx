// /ops/orders: filters by status, day range and id or email, paginated, with a CSV of the same filter.
import { ORDER_STATUSES } from '../../../../shared/orders/order-state';
import type { OrderView } from '../../../../shared/orders/order-schemas';
import { dateTimeIn, moneyIn } from '../../../../shared/i18n';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { FilterForm } from '../filter-bar';
import { Notice, OpsShell } from '../shell';

export interface OrderFilterView {
  status: string;
  from: string;
  to: string;
  q: string;
  page: number;
}

export interface OrderListView {
  filter: OrderFilterView;
  items: OrderView[];
  hasMore: boolean;
  csvHref: string;
}

const pageHref = (f: OrderFilterView, page: number) => {
  const p = new URLSearchParams();
  for (const k of ['status', 'from', 'to', 'q'] as const) if (f[k]) p.set(k, f[k]);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/ops/orders${s ? `?${s}` : ''}`;
};

export function OpsOrdersPage(props: { meta: Meta; view: OrderListView; error?: string }) {
  const t = useT().opsConsole.orders;
  // Order states are named once, in the main dictionary, for buyers and ops alike.
  const statusName = useT().order.status as Record<string, string>;
  const lang = useLang();
  const { filter: f, items } = props.view;
  return (
    <OpsShell meta={props.meta} current="orders">
      <div class="row" style="justify-content:space-between">
        <h1>{t.title}</h1>
        <a class="btn ghost" href={props.view.csvHref} download>
          {t.csv}
        </a>
      </div>
      <Notice error={props.error} />
      <FilterForm
        action="/ops/orders"
        submit={t.filter}
        fields={[
          { kind: 'search', id: 'oq', name: 'q', label: t.search, value: f.q, maxlength: 254, full: true },
          { kind: 'select', id: 'os', name: 'status', label: t.status, value: f.status, any: t.allStatuses, options: ORDER_STATUSES.map((s) => ({ value: s, label: statusName[s] })), full: true },
          { kind: 'date', id: 'of', name: 'from', label: t.from, value: f.from },
          { kind: 'date', id: 'ot', name: 'to', label: t.to, value: f.to },
        ]}
      />
      <DataTable
        rows={items}
        rowAttrs={(o) => ({ 'data-order': o.id, 'data-status': o.status })}
        empty={t.none}
        columns={[
          {
            label: t.id,
            cell: (o) => (
              <a class="link" href={`/ops/orders/${o.id}`}>
                {o.id}
              </a>
            ),
          },
          { label: t.status, cell: (o) => statusName[o.status] },
          { label: t.total, cell: (o) => moneyIn(lang, o.total) },
          { label: t.buyer, cell: (o) => o.buyer.email },
          { label: t.date, cell: (o) => dateTimeIn(lang, o.createdAt) },
        ]}
      />
      <nav class="pager" aria-label={t.title}>
        {f.page > 1 ? <a class="link" href={pageHref(f, f.page - 1)}>← {f.page - 1}</a> : <span />}
        {props.view.hasMore ? <a class="link" href={pageHref(f, f.page + 1)}>{f.page + 1} →</a> : <span />}
      </nav>
    </OpsShell>
  );
}
