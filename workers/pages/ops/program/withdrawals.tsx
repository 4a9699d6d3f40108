// The ops withdrawal queue: filter by state, and the step each state allows (approve or reject a
// request; mark an approved one paid, or record that its transfer failed). Accounts are masked.
import { moneyIn } from '../../../../shared/i18n';
import type { OpsWithdrawalView } from '../../../../shared/program/withdrawal-schemas';
import { WITHDRAWAL_STATES } from '../../../../shared/program/withdrawal-state';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { DeskPage, shortDateTime } from '../desk';
import { FilterLinks } from '../filter-bar';

function TextStep(props: { id: string; action: 'reject' | 'mark-paid' | 'fail'; field: 'reason' | 'reference'; label: string; button: string }) {
  const inputId = `${props.action}-${props.id}`;
  return (
    <form method="post" action={`/ops/withdrawals/${props.id}/${props.action}`} style="display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin-top:6px">
      <label for={inputId} class="sub">
        {props.label}
      </label>
      <input id={inputId} type="text" name={props.field} required maxlength={props.field === 'reason' ? 500 : 120} style="min-width:8em;padding:8px;border:1px solid var(--field-border);border-radius:8px" />
      <button type="submit" class="dbtn ghost">
        {props.button}
      </button>
    </form>
  );
}

export function OpsWithdrawalsPage(props: { meta: Meta; status?: string; items: OpsWithdrawalView[]; notice?: { text: string; warn?: boolean } }) {
  const t = useT().withdraw;
  const lang = useLang();
  return (
    <DeskPage meta={props.meta} current="withdrawals" title={t.queue} notice={props.notice}>
      <FilterLinks
        class="chips"
        label={t.queue}
        links={[
          { href: '/ops/withdrawals', label: t.all, current: !props.status },
          ...WITHDRAWAL_STATES.map((s) => ({ href: `/ops/withdrawals?status=${s}`, label: t.statusShort[s] ?? s, current: props.status === s })),
        ]}
      />
      <p class="sub">{t.batchHint}</p>
      <DataTable
        rows={props.items}
        rowAttrs={(w) => ({ 'data-withdrawal': w.id, 'data-status': w.status })}
        empty={props.status ? t.noWithdrawals : t.noWithdrawalsYet}
        columns={[
          {
            label: t.seller,
            rowHeader: true,
            wrap: true,
            cell: (w) => (
              <>
                <a class="link" href={`/ops/sellers/${w.seller.id}`}>
                  @{w.seller.handle ?? w.seller.id}
                </a>
                <div class="sub">{shortDateTime(lang, w.createdAt)}</div>
              </>
            ),
          },
          {
            label: t.amount,
            numeric: true,
            cell: (w) => (
              <>
                {moneyIn(lang, w.amount)}
                <div class="sub">
                  {t.net} {moneyIn(lang, w.net)}
                </div>
              </>
            ),
          },
          {
            label: t.payee,
            wrap: true,
            cell: (w) => (
              <>
                {t.methods[w.method.kind]} {w.method.accountMasked}
                <div class="sub">{w.method.name}</div>
              </>
            ),
          },
          {
            label: t.actions,
            wrap: true,
            cell: (w) => (
              <>
                <b>{t.status[w.status] ?? w.status}</b>
                {w.reason && <div class="sub">{t.reason(w.reason)}</div>}
                {w.reference && <div class="sub">{t.reference(w.reference)}</div>}
                {w.status === 'requested' && (
                  <>
                    <form method="post" action={`/ops/withdrawals/${w.id}/approve`} style="margin-top:6px">
                      <button type="submit" class="dbtn">
                        {t.approve}
                      </button>
                    </form>
                    <TextStep id={w.id} action="reject" field="reason" label={t.reasonLabel} button={t.reject} />
                  </>
                )}
                {w.status === 'approved' && (
                  <>
                    <TextStep id={w.id} action="mark-paid" field="reference" label={t.referenceLabel} button={t.markPaid} />
                    <TextStep id={w.id} action="fail" field="reason" label={t.reasonLabel} button={t.fail} />
                  </>
                )}
              </>
            ),
          },
        ]}
      />
    </DeskPage>
  );
}
