import { moneyIn } from '../../../../shared/i18n';
import { money, type Money } from '../../../../shared/money';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage, shortDateTime } from '../desk';

export interface PayoutItem {
  id: string;
  status: 'created' | 'paid';
  total: Money;
  sellerCount: number;
  createdAt: string;
  paidAt: string | null;
}

export interface ClawbackItem {
  sellerId: string;
  handle: string;
  orderId: string;
  amount: number;
  available: number;
  createdAt: Date;
}

export function OpsPayoutsPage(props: { meta: Meta; payouts: PayoutItem[]; clawbacks: ClawbackItem[]; notice?: { text: string; warn?: boolean } }) {
  const t = useT().opsDesk;
  const lang = useLang();
  const cny = (n: number) => moneyIn(lang, money(n, 'CNY'));
  return (
    <DeskPage meta={props.meta} current="payouts" title={t.payouts} notice={props.notice}>
      <form class="panel" method="post" action="/ops/payouts">
        <p class="sub" id="create-help">
          {t.createHelp}
        </p>
        <button type="submit" class="dbtn" aria-describedby="create-help">
          {t.createBatch}
        </button>
      </form>
      <DataTable
        rows={props.payouts}
        rowAttrs={(p) => ({ 'data-payout': p.id })}
        empty={t.noPayouts}
        columns={[
          {
            label: t.batch,
            cell: (p) => (
              <>
                <code>{p.id}</code>
                <div class="sub">{shortDateTime(lang, p.createdAt)}</div>
                <a class="link" href={`/ops/payouts/${p.id}.csv`} download>
                  {t.downloadCsv}
                </a>
              </>
            ),
          },
          {
            label: t.total,
            numeric: true,
            cell: (p) => (
              <>
                {moneyIn(lang, p.total)}
                <div class="sub">{t.sellersN(p.sellerCount)}</div>
              </>
            ),
          },
          {
            label: t.statusLabel,
            cell: (p) => (
              <>
                {t.status[p.status]}
                {p.paidAt ? (
                  <div class="sub">{shortDateTime(lang, p.paidAt)}</div>
                ) : (
                  <form method="post" action={`/ops/payouts/${p.id}/mark-paid`}>
                    <button type="submit" class="dbtn ghost">
                      {t.markPaid}
                    </button>
                  </form>
                )}
              </>
            ),
          },
        ]}
      />
      <h2>{t.clawbacks}</h2>
      <p class="sub">{t.clawbackHelp}</p>
      <DataTable
        rows={props.clawbacks}
        rowAttrs={(c) => ({ 'data-clawback': c.orderId })}
        empty={t.noClawbacks}
        columns={[
          {
            label: t.seller,
            cell: (c) => (
              <>
                <a class="link" href={`/ops/sellers/${c.sellerId}`}>
                  @{c.handle}
                </a>
                <div class="sub">
                  {t.order}{' '}
                  <a class="link" href={`/ops/orders/${c.orderId}`}>
                    <code>{c.orderId}</code>
                  </a>
                </div>
                <div class="sub">{shortDateTime(lang, c.createdAt)}</div>
              </>
            ),
          },
          { label: t.amount, numeric: true, cell: (c) => cny(c.amount) },
          { label: t.availableNow, numeric: true, cell: (c) => cny(c.available) },
        ]}
      />
    </DeskPage>
  );
}
