// The program settings form (分销规则): one field per setting, posted whole, as PUT /api/ops/program takes it.
import { BINDING_MODES, ENROLLMENT_MODES, type ProgramSettings } from '../../../../shared/program/program-schemas';
import { useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DeskPage } from '../desk';

const yuan = (fen: number | undefined) => (fen === undefined ? '' : (fen / 100).toFixed(2));
const FIELD = 'width:100%;padding:10px;border:1px solid var(--field-border);border-radius:8px;font-size:16px;background:var(--surface)';

function Field(props: { id: string; label: string; value: string; hint?: string; inputmode?: 'decimal' | 'numeric'; required?: boolean }) {
  return (
    <p>
      <label for={props.id}>{props.label}</label>
      <br />
      <input id={props.id} name={props.id} type="text" inputmode={props.inputmode ?? 'decimal'} value={props.value} required={props.required} style={FIELD} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
      {props.hint && (
        <span class="sub" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
    </p>
  );
}

export function OpsProgramPage(props: { meta: Meta; settings: ProgramSettings; notice?: { text: string; warn?: boolean }; error?: string }) {
  const t = useT().withdraw;
  const s = props.settings;
  return (
    <DeskPage meta={props.meta} current="program" title={t.program} notice={props.notice}>
      {props.error && (
        <p class="notice warn" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/ops/program" class="panel">
        <fieldset style="border:0;padding:0;margin:0">
          <legend>
            <h2>{t.enrollment}</h2>
          </legend>
          {ENROLLMENT_MODES.map((m) => (
            <p>
              <label>
                <input type="radio" name="enrollment" value={m} checked={s.enrollment === m} /> {t.enrollModes[m]}
              </label>
            </p>
          ))}
          <Field id="spendThreshold" label={t.spendThreshold} value={yuan(s.spendThreshold?.amount)} hint={t.spendHint} />
        </fieldset>
        <h2>{t.binding}</h2>
        <p>
          <label for="bindingMode">{t.bindingMode}</label>
          <br />
          <select id="bindingMode" name="bindingMode" style={FIELD}>
            {BINDING_MODES.map((m) => (
              <option value={m} selected={s.binding.mode === m}>
                {t.bindingModes[m]}
              </option>
            ))}
          </select>
        </p>
        <Field id="bindingDays" label={t.bindingDays} value={s.binding.days === null ? '' : String(s.binding.days)} inputmode="numeric" />
        <h2>{t.withdrawals}</h2>
        <Field id="minAmount" label={t.minAmount} value={yuan(s.withdrawals.minAmount.amount)} required />
        <Field id="feeBps" label={t.feeBps} value={String(s.withdrawals.feeBps)} inputmode="numeric" required />
        <h2>{t.codes}</h2>
        <Field id="percentOff" label={t.percentOff} value={String(s.codes.percentOff)} inputmode="numeric" required />
        <Field id="maxDiscount" label={t.maxDiscount} value={yuan(s.codes.maxDiscount?.amount)} />
        <button type="submit" class="dbtn">
          {t.save}
        </button>
      </form>
    </DeskPage>
  );
}
