// /ops: the shop at a glance, 30 days of orders and GMV as server-rendered charts.
import { moneyIn, numberIn, percentIn } from '../../../shared/i18n';
import { BarChart } from '../chart';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { DataTable } from './data-table';
import { OpsShell } from './shell';

export interface OverviewView {
  days: { day: string; orders: number; paidOrders: number; gmv: number }[];
  totals: { orders: number; paidOrders: number; gmv: number };
  groups: { open: number; succeeded: number; failed: number; successRate: number | null };
  topSellers: { sellerId: string; handle: string; displayName: string; orders: number; sales: number }[];
  soldOut: { productId: string; title: string; stock: number; available: number }[];
  lowStock: { productId: string; title: string; stock: number; available: number }[];
}

export function OpsOverviewPage(props: { meta: Meta; data: OverviewView }) {
  const t = useT().opsConsole.overview;
  const lang = useLang();
  const d = props.data;
  const cny = (amount: number) => moneyIn(lang, { amount, currency: 'CNY' });
  const label = (day: string) => day.slice(5);
  const every = Math.ceil(d.days.length / 6);
  return (
    <OpsShell meta={props.meta} current="overview">
      <h1>{t.title}</h1>
      <p class="muted">{t.last30}</p>
      <div class="tiles">
        <div class="tile" data-tile="gmv">
          <div class="v">{cny(d.totals.gmv)}</div>
          <div class="k">{t.gmv}</div>
        </div>
        <div class="tile" data-tile="orders">
          <div class="v">{numberIn(lang, d.totals.orders)}</div>
          <div class="k">{t.orders}</div>
        </div>
        <div class="tile" data-tile="paid">
          <div class="v">{numberIn(lang, d.totals.paidOrders)}</div>
          <div class="k">{t.paidOrders}</div>
        </div>
      </div>
      <section class="panel" aria-labelledby="gmv-h">
        <h2 id="gmv-h">{t.gmvByDay}</h2>
        <BarChart name="gmv" series={d.days.map((x) => ({ label: label(x.day), value: Math.round(x.gmv / 100) }))} title={t.gmvByDay} labelEvery={every} />
      </section>
      <section class="panel" aria-labelledby="orders-h">
        <h2 id="orders-h">{t.ordersByDay}</h2>
        <BarChart name="orders" series={d.days.map((x) => ({ label: label(x.day), value: x.orders }))} title={t.ordersByDay} color="var(--chart-orders)" labelEvery={every} />
      </section>
      <section class="panel" aria-labelledby="paid-h">
        <h2 id="paid-h">{t.paidByDay}</h2>
        <BarChart name="paid" series={d.days.map((x) => ({ label: label(x.day), value: x.paidOrders }))} title={t.paidByDay} color="var(--chart-paid)" labelEvery={every} />
      </section>
      <section class="panel" aria-labelledby="groups-h" data-group-rate={d.groups.successRate ?? ''}>
        <h2 id="groups-h">{t.groupSuccess}</h2>
        {d.groups.successRate === null ? (
          <p class="muted">{t.noDecidedGroups}</p>
        ) : (
          <p>
            <b style="font-size:22px">{percentIn(lang, d.groups.successRate)}</b>
          </p>
        )}
        <p class="muted">{t.groupCounts(d.groups.succeeded, d.groups.failed, d.groups.open)}</p>
      </section>
      <section class="panel" aria-labelledby="top-h">
        <h2 id="top-h">{t.topSellers}</h2>
        <DataTable
          frame="section"
          rows={d.topSellers}
          rowAttrs={(s) => ({ 'data-top-seller': s.handle })}
          empty={t.noSales}
          columns={[
            {
              label: t.seller,
              wrap: true,
              cell: (s) => (
                <>
                  <a class="link" href={`/@${s.handle}`}>
                    {s.displayName}
                  </a>{' '}
                  <span class="muted">@{s.handle}</span>
                </>
              ),
            },
            { label: t.sales, cell: (s) => cny(s.sales) },
            { label: t.orders, cell: (s) => numberIn(lang, s.orders) },
          ]}
        />
      </section>
      <section class="panel" aria-labelledby="stock-h">
        <h2 id="stock-h">{t.stockAlerts}</h2>
        {d.soldOut.length === 0 && d.lowStock.length === 0 && <p class="muted">{t.noAlerts}</p>}
        {d.soldOut.length > 0 && (
          <>
            <h3 style="font-size:14px;margin:8px 0 4px">{t.soldOut}</h3>
            <ul data-alerts="sold-out">
              {d.soldOut.map((p) => (
                <li>
                  <a class="link" href={`/ops/products/${p.productId}`}>
                    {p.title}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {d.lowStock.length > 0 && (
          <>
            <h3 style="font-size:14px;margin:8px 0 4px">{t.lowStock}</h3>
            <ul data-alerts="low-stock">
              {d.lowStock.map((p) => (
                <li>
                  <a class="link" href={`/ops/products/${p.productId}`}>
                    {p.title}
                  </a>{' '}
                  <span class="muted">{t.left(p.available)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </OpsShell>
  );
}
