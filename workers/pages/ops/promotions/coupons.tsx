// The ops coupon page (/ops/coupons): create a coupon with every term, and the list with its
// counts, where a coupon is stopped, restarted or given a higher count. Plain forms, no script.
import { numberIn } from '../../../../shared/i18n';
import type { OpsCoupon } from '../../../../shared/promotions/coupon-schemas';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DiscountLabel, TermsLine, ValidityLine } from '../../promotions/coupon-terms';
import { DataTable } from '../data-table';
import { DeskPage } from '../desk';

const FORM_CSS = `
.cform label{display:block;margin:10px 0 4px;font-size:14px;font-weight:600}
.cform input[type=text],.cform input[type=number],.cform input[type=datetime-local]{width:100%;padding:10px;border:1px solid var(--field-border);border-radius:8px;font-size:16px;background:var(--surface);color:var(--ink)}
.cform fieldset{border:1px solid var(--border);border-radius:10px;padding:4px 12px 12px;margin:12px 0}
.cform legend{font-weight:600;font-size:14px;padding:0 4px}
.cform .opt{display:flex;gap:8px;align-items:center;margin:8px 0;font-weight:400}
.cform .opt input{width:20px;height:20px}
.inline{display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin-top:6px}
.inline input{width:6em;padding:8px;border:1px solid var(--field-border);border-radius:8px}
.inline .dbtn{white-space:nowrap}
[data-coupon] th.wrap{min-width:10em}
details.panel>summary{font-weight:700;font-size:17px;cursor:pointer;min-height:32px}
`;

function Text(props: { id: string; label: string; type?: string; required?: boolean; value?: string; min?: number; max?: number }) {
  return (
    <>
      <label for={`c-${props.id}`}>{props.label}</label>
      <input id={`c-${props.id}`} name={props.id} type={props.type ?? 'text'} required={props.required} value={props.value} min={props.min} max={props.max} />
    </>
  );
}

function Choice(props: { name: string; legend: string; options: [string, string][]; checked: string; children?: unknown }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label class="opt">
          <input type="radio" name={props.name} value={value} checked={value === props.checked} />
          {label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}

function CreateForm(props: { open: boolean }) {
  const t = useT().coupons.ops;
  return (
    <details class="panel" open={props.open}>
      <summary>{t.create}</summary>
    <form class="cform" method="post" action="/ops/coupons" data-coupon-form>
      <Text id="title" label={t.name} required />
      <Choice name="kind" legend={t.kind} checked="amount" options={[['amount', t.kindAmount], ['percent', t.kindPercent]]}>
        <Text id="amount" label={t.amount} />
        <Text id="percentOff" label={t.percentOff} type="number" min={1} max={90} />
        <Text id="maxDiscount" label={t.maxDiscount} />
      </Choice>
      <Text id="minSpend" label={t.minSpend} value="0" />
      <Choice name="scope" legend={t.scope} checked="all" options={[['all', t.scopeAll], ['category', t.scopeCategory], ['products', t.scopeProducts]]}>
        <Text id="categories" label={t.categories} />
        <Text id="productIds" label={t.productIds} />
      </Choice>
      <Text id="totalCount" label={t.totalCount} type="number" min={1} />
      <Text id="perBuyerLimit" label={t.perBuyerLimit} type="number" min={1} value="1" />
      <Choice name="validity" legend={t.validity} checked="after_claim" options={[['after_claim', t.afterClaim], ['fixed', t.fixed]]}>
        <Text id="days" label={t.days} type="number" min={1} max={365} value="7" />
        <Text id="startsAt" label={t.startsAt} type="datetime-local" />
        <Text id="endsAt" label={t.endsAt} type="datetime-local" />
      </Choice>
      <button class="dbtn" type="submit">
        {t.submit}
      </button>
    </form>
    </details>
  );
}

function Actions(props: { c: OpsCoupon }) {
  const t = useT().coupons.ops;
  const c = props.c;
  return (
    <>
      <b>{c.active ? t.active : t.stopped}</b>
      <form method="post" action={`/ops/coupons/${c.id}`} class="inline">
        <input type="hidden" name="active" value={c.active ? 'false' : 'true'} />
        <button type="submit" class="dbtn ghost" data-toggle>
          {c.active ? t.stop : t.restart}
        </button>
      </form>
      {c.totalCount !== null && (
        <form method="post" action={`/ops/coupons/${c.id}`} class="inline">
          <label for={`raise-${c.id}`} class="sub">
            {t.raise}
          </label>
          <input id={`raise-${c.id}`} name="totalCount" type="number" min={c.totalCount + 1} required />
          <button type="submit" class="dbtn ghost">
            {t.raiseButton}
          </button>
        </form>
      )}
    </>
  );
}

export function OpsCouponsPage(props: { meta: Meta; items: OpsCoupon[]; notice?: { text: string; warn?: boolean } }) {
  const all = useT().coupons;
  const t = all.ops;
  const lang = useLang();
  return (
    <DeskPage meta={props.meta} current="coupons" title={t.title} notice={props.notice}>
      <style>{FORM_CSS}</style>
      <CreateForm open={props.items.length === 0 || props.notice?.warn === true} />
      <h2>{t.list}</h2>
      <DataTable
        rows={props.items}
        rowAttrs={(c) => ({ 'data-coupon': c.id, 'data-active': String(c.active) })}
        empty={t.none}
        columns={[
          {
            label: t.coupon,
            rowHeader: true,
            wrap: true,
            cell: (c) => (
              <>
                <b>{c.title}</b>
                <div>
                  <DiscountLabel c={c} />
                </div>
                <div class="sub">
                  <TermsLine c={c} /> · <ValidityLine validity={c.validity} /> · {t.perBuyerLimit} {c.perBuyerLimit}
                </div>
              </>
            ),
          },
          {
            label: t.counts,
            numeric: true,
            wrap: true,
            cellAttrs: (c) => ({ 'data-counts': `${c.claimed}/${c.used}/${c.remaining ?? ''}` }),
            cell: (c) => `${numberIn(lang, c.claimed)} / ${numberIn(lang, c.used)} / ${c.remaining === null ? all.unlimited : numberIn(lang, c.remaining)}`,
          },
          { label: t.status, wrap: true, cell: (c) => <Actions c={c} /> },
        ]}
      />
    </DeskPage>
  );
}
