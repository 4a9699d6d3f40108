import { moneyIn } from '../../../shared/i18n';
import { money, type Money } from '../../../shared/money';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { DeskPage, shortDateTime } from './desk';

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

export function OpsPayoutsPage(props: { meta: Meta; minimum: number; payouts: PayoutItem[]; clawbacks: ClawbackItem[]; notice?: { text: string; warn?: boolean } }) {
  const t = useT().opsDesk;
  const lang = useLang();
  const cny = (n: number) => moneyIn(lang, money(n, 'CNY'));
  return (
    <DeskPage meta={props.meta} current="payouts" title={t.payouts} notice={props.notice}>
      <form class="panel" method="post" action="/ops/payouts">
        <p class="sub" id="create-help">
          {t.createHelp(cny(props.minimum))}
        </p>
        <button type="submit" class="dbtn" aria-describedby="create-help">
          {t.createBatch}
        </button>
      </form>
      <div class="panel scroll">
        {props.payouts.length === 0 ? (
          <div class="empty">{t.noPayouts}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.batch}</th>
                <th scope="col" class="num">{t.total}</th>
                <th scope="col">{t.statusLabel}</th>
              </tr>
            </thead>
            <tbody>
              {props.payouts.map((p) => (
                <tr data-payout={p.id}>
                  <td>
                    <code>{p.id}</code>
                    <div class="sub">{shortDateTime(lang, p.createdAt)}</div>
                    <a class="link" href={`/ops/payouts/${p.id}.csv`} download>
                      {t.downloadCsv}
                    </a>
                  </td>
                  <td class="num">
                    {moneyIn(lang, p.total)}
                    <div class="sub">{t.sellersN(p.sellerCount)}</div>
                  </td>
                  <td>
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
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <h2>{t.clawbacks}</h2>
      <p class="sub">{t.clawbackHelp}</p>
      <div class="panel scroll">
        {props.clawbacks.length === 0 ? (
          <div class="empty">{t.noClawbacks}</div>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.seller}</th>
                <th scope="col" class="num">{t.amount}</th>
                <th scope="col" class="num">{t.availableNow}</th>
              </tr>
            </thead>
            <tbody>
              {props.clawbacks.map((c) => (
                <tr data-clawback={c.orderId}>
                  <td>
                    <a class="link" href={`/ops/sellers/${c.sellerId}`}>
                      @{c.handle}
                    </a>
                    <div class="sub">
                      {t.order}{" "}
                      <a class="link" href={`/ops/orders/${c.orderId}`}>
                        <code>{c.orderId}</code>
                      </a>
                    </div>
                    <div class="sub">{shortDateTime(lang, c.createdAt)}</div>
                  </td>
                  <td class="num">{cny(c.amount)}</td>
                  <td class="num">{cny(c.available)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </DeskPage>
  );
}
