// The ops refunds page: refunds by state, and those that keep failing flagged in words, each owed
// one with a form that asks the provider again now.
import { dateTimeIn, moneyIn } from '../../../../shared/i18n';
import { money } from '../../../../shared/money';
import type { RefundState } from '../../../../shared/orders/order-state';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage, shortDateTime } from '../desk';
import { FilterLinks } from '../filter-bar';

/** "Needs attention" first: it is why anyone opens this page. */
export const REFUND_FILTERS = ['flagged', 'owed', 'requested', 'settled'] as const;
export type RefundFilter = (typeof REFUND_FILTERS)[number];

export interface RefundItem {
  orderId: string;
  reason: string;
  amount: number;
  state: RefundState;
  attempts: number;
  failures: number;
  lastError: string | null;
  nextAttemptAt: string;
  flagged: boolean;
}

export function OpsRefundsPage(props: { meta: Meta; filter: RefundFilter; flagAfter: number; items: RefundItem[]; notice?: { text: string; warn?: boolean } }) {
  const t = useT().opsRefunds;
  const lang = useLang();
  return (
    <DeskPage meta={props.meta} current="refunds" title={t.title} notice={props.notice}>
      <p class="sub">{t.intro}</p>
      <FilterLinks class="chips" label={t.filterBy} links={REFUND_FILTERS.map((f) => ({ href: `/ops/refunds?state=${f}`, label: t.filters[f], current: f === props.filter }))} />
      <DataTable
        rows={props.items}
        rowAttrs={(r) => ({ 'data-refund': r.orderId, 'data-flagged': r.flagged ? 'true' : undefined })}
        empty={t.none}
        columns={[
          {
            label: t.order,
            rowHeader: true,
            cell: (r) => (
              <>
                <a class="link" href={`/ops/orders/${r.orderId}`}>
                  {r.orderId}
                </a>
                <div class="sub">{t.reasons[r.reason] ?? r.reason}</div>
              </>
            ),
          },
          { label: t.amount, numeric: true, cell: (r) => moneyIn(lang, money(r.amount, 'CNY')) },
          {
            label: t.state,
            wrap: true,
            cell: (r) => (
              <>
                {t.states[r.state]}
                {r.flagged && (
                  <div>
                    <strong class="tag">{t.flagged}</strong> <span class="sub">{t.flaggedWhy(props.flagAfter)}</span>
                  </div>
                )}
              </>
            ),
          },
          { label: t.attempts, numeric: true, cell: (r) => t.attemptsOf(r.attempts, r.failures) },
          {
            label: t.nextAttempt,
            cell: (r) =>
              r.state === 'owed' ? (
                <time datetime={r.nextAttemptAt} title={dateTimeIn(lang, r.nextAttemptAt)}>
                  {shortDateTime(lang, r.nextAttemptAt)}
                </time>
              ) : (
                '—'
              ),
          },
          { label: t.lastError, wrap: true, cell: (r) => r.lastError ?? '—' },
          {
            label: t.retry,
            cell: (r) =>
              r.state === 'owed' ? (
                <form method="post" action={`/ops/refunds/${r.orderId}/retry`}>
                  <input type="hidden" name="state" value={props.filter} />
                  <button type="submit" class="dbtn ghost" aria-label={t.retryFor(r.orderId)}>
                    {t.retry}
                  </button>
                </form>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </DeskPage>
  );
}
