// /ops/orders: filters by status, day range and id or email, paginated, with a CSV of the same filter.
import { ORDER_STATUSES } from '../../../shared/orders/order-state';
import type { OrderView } from '../../../shared/orders/order-schemas';
import { dateTimeIn, moneyIn } from '../../../shared/i18n';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { Notice, OpsShell } from './shell';

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
      <form class="panel form filters" method="get" action="/ops/orders" role="search">
        <div class="full">
          <label for="oq">{t.search}</label>
          <input id="oq" type="search" name="q" value={f.q} maxlength={254} />
        </div>
        <div class="full">
          <label for="os">{t.status}</label>
          <select id="os" name="status">
            <option value="">{t.allStatuses}</option>
            {ORDER_STATUSES.map((s) => (
              <option value={s} selected={s === f.status}>
                {statusName[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="of">{t.from}</label>
          <input id="of" type="date" name="from" value={f.from} />
        </div>
        <div>
          <label for="ot">{t.to}</label>
          <input id="ot" type="date" name="to" value={f.to} />
        </div>
        <div class="full">
          <button class="btn dark" type="submit" style="width:100%;margin-top:12px">
            {t.filter}
          </button>
        </div>
      </form>
      <div class="panel scroll">
        {items.length === 0 ? (
          <div class="empty">{t.none}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.id}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.total}</th>
                <th scope="col">{t.buyer}</th>
                <th scope="col">{t.date}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr data-order={o.id} data-status={o.status}>
                  <td>
                    <a class="link" href={`/ops/orders/${o.id}`}>
                      {o.id}
                    </a>
                  </td>
                  <td>{statusName[o.status]}</td>
                  <td>{moneyIn(lang, o.total)}</td>
                  <td>{o.buyer.email}</td>
                  <td>{dateTimeIn(lang, o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav class="pager" aria-label={t.title}>
        {f.page > 1 ? <a class="link" href={pageHref(f, f.page - 1)}>← {f.page - 1}</a> : <span />}
        {props.view.hasMore ? <a class="link" href={pageHref(f, f.page + 1)}>{f.page + 1} →</a> : <span />}
      </nav>
    </OpsShell>
  );
}
