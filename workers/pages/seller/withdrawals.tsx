// The seller's withdrawals (提现): what can be withdrawn, what is owed, the request form, and
// every withdrawal with its state. Accounts appear masked to their last four characters.
import { moneyIn, dateTimeIn } from '../../../shared/i18n';
import { money } from '../../../shared/money';
import type { WithdrawalBalance, WithdrawalView } from '../../../shared/program/withdrawal-schemas';
import { useLang, useT } from '../i18n';
import type { Meta } from '../layout';
import { Alert, Shell } from './dashboard-shell';

export interface WithdrawalForm {
  amount?: string;
  kind?: string;
  account?: string;
  name?: string;
}

const CSS_NOTE = 'margin-top:10px';

export function WithdrawalsPage(props: { meta: Meta; balance: WithdrawalBalance; items: WithdrawalView[]; form?: WithdrawalForm; error?: string; notice?: string }) {
  const t = useT().withdraw;
  const lang = useLang();
  const b = props.balance;
  const f = props.form ?? {};
  const fee = `${(b.feeBps / 100).toFixed(b.feeBps % 100 === 0 ? 0 : 2)}%`;
  return (
    <Shell meta={props.meta}>
      <p>
        <a href="/me" class="muted">
          ← {t.back}
        </a>
      </p>
      <h1>{t.title}</h1>
      {props.notice && (
        <div class="panel" role="status" data-notice>
          {props.notice}
        </div>
      )}
      <div class="tiles">
        <div class="tile" data-tile="available">
          <div class="v">{moneyIn(lang, b.available)}</div>
          <div class="k">{t.available}</div>
        </div>
        {b.owed.amount > 0 && (
          <div class="tile" data-tile="owed">
            <div class="v">{moneyIn(lang, b.owed)}</div>
            <div class="k">{t.owed}</div>
          </div>
        )}
      </div>
      {b.owed.amount > 0 && <p class="muted">{t.owedHelp(moneyIn(lang, b.owed))}</p>}

      <h2>{t.request}</h2>
      <div class="panel">
        <p class="muted" id="terms">
          {t.terms(moneyIn(lang, b.minAmount), fee)}
        </p>
        <form class="form" method="post" action="/me/withdrawals" aria-describedby="terms">
          <label for="amount">{t.amount}</label>
          <input id="amount" type="text" inputmode="decimal" name="amount" required value={f.amount ?? ''} placeholder={(b.available.amount / 100).toFixed(2)} />
          <label for="kind">{t.method}</label>
          <select id="kind" name="kind">
            {(['alipay', 'wechat', 'bank'] as const).map((k) => (
              <option value={k} selected={f.kind === k}>
                {t.methods[k]}
              </option>
            ))}
          </select>
          <label for="account">{t.account}</label>
          <input id="account" type="text" name="account" required minlength={4} maxlength={64} autocomplete="off" value={f.account ?? ''} aria-describedby="account-hint" />
          <p class="muted" id="account-hint">
            {t.accountHint}
          </p>
          <label for="name">{t.name}</label>
          <input id="name" type="text" name="name" required maxlength={60} autocomplete="name" value={f.name ?? ''} />
          <button class="btn primary" type="submit">
            {t.submit}
          </button>
        </form>
        <Alert error={props.error} />
      </div>

      <h2>{t.history}</h2>
      <div class="panel">
        {props.items.length === 0 ? (
          <div class="empty">{t.nothing}</div>
        ) : (
          <table class="list">
            <tbody>
              {props.items.map((w) => (
                <tr data-withdrawal={w.id} data-status={w.status}>
                  <td>
                    <span class="price">{moneyIn(lang, w.amount)}</span>
                    <div class="muted">
                      {t.net} {moneyIn(lang, w.net)} · {t.fee} {moneyIn(lang, money(w.fee.amount))}
                    </div>
                  </td>
                  <td>
                    <b>{t.status[w.status] ?? w.status}</b>
                    <div class="muted">
                      {t.methods[w.method.kind]} {w.method.accountMasked}
                    </div>
                    {w.reason && <div class="muted">{t.reason(w.reason)}</div>}
                    {w.reference && w.status === 'paid' && <div class="muted">{t.reference(w.reference)}</div>}
                    <div class="muted" style={CSS_NOTE}>
                      {dateTimeIn(lang, w.createdAt)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Shell>
  );
}
