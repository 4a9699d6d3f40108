// /ops/after-sales: the after-sales (售后) queue by status, with each row's next step as a form:
// approve or reject a requested return, receive one the buyer sent back.
import { dateTimeIn, moneyIn } from '../../../../shared/i18n';
import { AFTER_SALE_STATUSES, type AfterSaleStatus } from '../../../../shared/orders/after-sale-state';
import type { AfterSaleView } from '../../../../shared/orders/after-sale-schemas';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage, shortDateTime } from '../desk';
import { FilterLinks } from '../filter-bar';

export type OpsAfterSaleRow = AfterSaleView & { buyerEmail: string };

function NextStep(props: { r: OpsAfterSaleRow; filter: string }) {
  const t = useT().afterSales.ops;
  const r = props.r;
  const back = <input type="hidden" name="status" value={props.filter} />;
  if (r.status === 'requested') {
    return (
      <div style="display:flex;flex-wrap:wrap;gap:6px">
        <form method="post" action={`/ops/after-sales/${r.id}/approve`}>
          {back}
          <button type="submit" class="dbtn" data-approve={r.id}>
            {t.approve}
          </button>
        </form>
        <form method="post" action={`/ops/after-sales/${r.id}/reject`} style="display:flex;gap:4px">
          {back}
          <input name="reason" required maxlength={500} aria-label={t.rejectReason} placeholder={t.rejectReason} style="min-width:8em" />
          <button type="submit" class="dbtn ghost" data-reject={r.id}>
            {t.reject}
          </button>
        </form>
      </div>
    );
  }
  if (r.status === 'returned') {
    return (
      <form method="post" action={`/ops/after-sales/${r.id}/receive`}>
        {back}
        <button type="submit" class="dbtn" data-receive={r.id}>
          {t.receive}
        </button>
      </form>
    );
  }
  return <>—</>;
}

export function OpsAfterSalesPage(props: { meta: Meta; filter: AfterSaleStatus | 'all'; counts: Record<string, number>; items: OpsAfterSaleRow[]; notice?: { text: string; warn?: boolean } }) {
  const T = useT().afterSales;
  const t = T.ops;
  const lang = useLang();
  const filters: (AfterSaleStatus | 'all')[] = ['all', ...AFTER_SALE_STATUSES];
  return (
    <DeskPage meta={props.meta} current="afterSales" title={t.heading} notice={props.notice}>
      <FilterLinks
        class="chips"
        label={t.status}
        links={filters.map((f) => ({
          href: `/ops/after-sales?status=${f}`,
          label: f === 'all' ? t.all : `${t.statuses[f]} (${props.counts[f] ?? 0})`,
          current: f === props.filter,
        }))}
      />
      <DataTable
        rows={props.items}
        rowAttrs={(r) => ({ 'data-after-sale': r.id, 'data-after-sale-status': r.status })}
        empty={t.empty}
        columns={[
          {
            label: t.order,
            rowHeader: true,
            wrap: true,
            cell: (r) => (
              <>
                <a class="link" href={`/ops/orders/${r.orderId}`}>
                  {r.orderId}
                </a>
                <div class="sub">
                  {T.kind[r.kind]} · {r.reason}
                </div>
                {r.note && <div class="sub">{r.note}</div>}
              </>
            ),
          },
          { label: t.buyer, cell: (r) => r.buyerEmail },
          { label: t.lines, wrap: true, cell: (r) => r.lines.map((l) => `${l.title ?? l.productId} × ${l.quantity}`).join(', ') },
          { label: t.amount, numeric: true, cell: (r) => moneyIn(lang, r.amount) },
          {
            label: t.status,
            wrap: true,
            cell: (r) => (
              <>
                {t.statuses[r.status]}
                {r.returnShipment && <div class="sub">{T.tracking(r.returnShipment.carrier, r.returnShipment.trackingNumber)}</div>}
                {r.rejectReason && <div class="sub">{T.rejectReason(r.rejectReason)}</div>}
                {r.refund && <div class="sub">{T.refundState[r.refund]}</div>}
              </>
            ),
          },
          {
            label: t.asked,
            cell: (r) => (
              <time datetime={r.createdAt} title={dateTimeIn(lang, r.createdAt)}>
                {shortDateTime(lang, r.createdAt)}
              </time>
            ),
          },
          { label: t.actions, cell: (r) => <NextStep r={r} filter={props.filter} /> },
        ]}
      />
    </DeskPage>
  );
}
