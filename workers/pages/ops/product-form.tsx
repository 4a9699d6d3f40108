// /ops/products/new and /ops/products/:id: one form for both, inputs named like the API fields
// (nested ones flattened). A failed submit shows the input again with the reason beside it.
import { combinations, comboLabel, parseOptionsText } from '../../../shared/catalog/options-text';
import { cellName, type CellField, type FieldErrors, type ProductField, type ProductFormValues } from '../../../shared/catalog/ops-product-form';
import { useT } from '../i18n';
import type { Meta } from '../layout';
import { Notice, OpsShell } from './shell';

export interface ProductFormView {
  /** Set when editing an existing product. */
  productId?: string;
  available?: number;
  values: ProductFormValues;
  errors: FieldErrors;
  ok?: string;
  error?: string;
}

function Field(props: { name: ProductField; label: string; values: ProductFormValues; errors: FieldErrors; hint?: string; inputmode?: 'decimal' | 'numeric'; multiline?: boolean; required?: boolean }) {
  const t = useT().opsConsole.form;
  const id = `f-${props.name}`;
  const err = props.errors[props.name];
  const described = [props.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: props.name, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': described, required: props.required };
  return (
    <div data-field={props.name}>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={props.name === 'description' ? 5 : 3}>
          {props.values[props.name]}
        </textarea>
      ) : (
        <input {...common} type="text" inputmode={props.inputmode} value={props.values[props.name]} />
      )}
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {err && (
        <p class="err" id={`${id}-err`} data-error={props.name}>
          {t.error(err)}
        </p>
      )}
    </div>
  );
}

// Matches the overview's stock alert (services/ops/overview.ts LOW_STOCK).
const LOW_STOCK = 10;

/** One grid cell: a labelled input named `v.<field>.<combination>`. */
function Cell(props: { field: CellField; combo: string; label: string; value: string; errors: FieldErrors; inputmode?: 'decimal' | 'numeric' }) {
  const t = useT().opsConsole.form;
  const name = cellName(props.field, props.combo);
  const id = `f-${props.field}-${props.combo.replace(/[^\p{L}\p{N}]+/gu, '-')}`;
  const err = props.errors.cells?.[name];
  return (
    <div>
      <label for={id} style="font-weight:400;margin:4px 0 2px">
        {props.label}
      </label>
      <input id={id} name={name} type="text" inputmode={props.inputmode} value={props.value} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined} />
      {err && (
        <p class="err" id={`${id}-err`} data-error={name}>
          {t.error(err)}
        </p>
      )}
    </div>
  );
}

/** The variant grid: one row per combination of the options as typed, each with price, stock, SKU and group price. */
function VariantGrid(props: { values: ProductFormValues; errors: FieldErrors; combos: string[][] }) {
  const t = useT().opsConsole.form;
  return (
    <div data-variant-grid>
      <h3 style="font-size:15px;margin:12px 0 4px">{t.variantGrid}</h3>
      {props.errors.variants && (
        <p class="err" data-error="variants">
          {t.error(props.errors.variants)}
        </p>
      )}
      {props.combos.map((values) => {
        const combo = comboLabel(values);
        const cell = props.values.grid[combo] ?? { id: '', sku: '', price: '', stock: '', stockWas: '', groupPrice: '', available: '' };
        const available = cell.id && cell.available !== '' ? Number(cell.available) : undefined;
        const low = available !== undefined && available <= LOW_STOCK;
        return (
          <div data-variant-row={combo} style="border-top:1px solid var(--border);padding:8px 0">
            <div style="display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap">
              <b>{combo}</b>
              {available !== undefined && (
                <span class={low ? 'err' : 'hint'} style="margin:0" data-variant-available={available}>
                  {t.variantAvailable(available)}
                  {low ? ` · ${t.variantLow}` : ''}
                </span>
              )}
            </div>
            <input type="hidden" name={cellName('id', combo)} value={cell.id} />
            <input type="hidden" name={cellName('stockWas', combo)} value={cell.stockWas} />
            <input type="hidden" name={cellName('available', combo)} value={cell.available} />
            <div style="display:grid;grid-template-columns:1fr 1fr;gap:0 10px">
              <Cell field="price" combo={combo} label={t.variantPrice} value={cell.price} errors={props.errors} inputmode="decimal" />
              <Cell field="stock" combo={combo} label={t.variantStock} value={cell.stock} errors={props.errors} inputmode="numeric" />
              <Cell field="sku" combo={combo} label={t.variantSku} value={cell.sku} errors={props.errors} />
              <Cell field="groupPrice" combo={combo} label={t.variantGroupPrice} value={cell.groupPrice} errors={props.errors} inputmode="decimal" />
            </div>
          </div>
        );
      })}
    </div>
  );
}

export function OpsProductFormPage(props: { meta: Meta; view: ProductFormView }) {
  const t = useT().opsConsole.form;
  const v = props.view;
  const f = { values: v.values, errors: v.errors };
  const editing = v.productId !== undefined;
  const hasErrors = Object.keys(v.errors).length > 0;
  const options = parseOptionsText(v.values.options) ?? [];
  const combos = combinations(options).slice(0, 100);
  return (
    <OpsShell meta={props.meta} current="products">
      <p>
        <a class="link" href="/ops/products">
          ← {t.back}
        </a>
      </p>
      <h1>{editing ? t.editTitle : t.newTitle}</h1>
      {editing && (
        <p class="muted">
          {v.productId} ·{' '}
          <a class="link" href={`/p/${v.productId}`}>
            {t.viewOnSite}
          </a>
        </p>
      )}
      <Notice ok={v.ok} error={v.error ?? (hasErrors ? t.fixErrors : undefined)} />
      <form class="panel form" method="post" action={editing ? `/ops/products/${v.productId}` : '/ops/products/new'} novalidate>
        <input type="hidden" name="changeId" value={v.values.changeId} />
        <Field name="title" label={t.title} {...f} required />
        <Field name="description" label={t.description} {...f} multiline />
        <Field name="category" label={t.category} {...f} required />
        <Field name="images" label={t.images} hint={t.imagesHint} {...f} multiline />
        <fieldset data-options>
          <legend>{t.variantsTitle}</legend>
          <Field name="options" label={t.variantsTitle} hint={t.variantsHint} {...f} multiline />
          {combos.length > 0 && <VariantGrid values={v.values} errors={v.errors} combos={combos} />}
        </fieldset>
        {combos.length > 0 ? (
          <p class="hint">{t.variantPriceStock}</p>
        ) : (
          <>
        <Field name="price" label={t.price} hint={t.priceHint} inputmode="decimal" {...f} required />
        <Field name="stock" label={t.stock} hint={editing ? t.stockHint : undefined} inputmode="numeric" {...f} required />
          </>
        )}
        {editing && combos.length === 0 && (
          <>
            <input type="hidden" name="stockWas" value={v.values.stockWas} />
            {v.available !== undefined && <p class="hint">{t.available(v.available)}</p>}
            <Field name="stockDelta" label={t.stockDelta} hint={t.stockDeltaHint} {...f} />
          </>
        )}
        <fieldset>
          <legend>{t.commission}</legend>
          <Field name="level1Bps" label={t.level1Bps} hint={t.bpsHint} inputmode="numeric" {...f} />
          <Field name="level2Bps" label={t.level2Bps} inputmode="numeric" {...f} />
        </fieldset>
        <fieldset>
          <legend>{t.groupOffer}</legend>
          <p class="hint">{t.groupHint}</p>
          <Field name="groupSize" label={t.groupSize} inputmode="numeric" {...f} />
          <Field name="groupPrice" label={t.groupPrice} inputmode="decimal" {...f} />
          <Field name="groupDurationMinutes" label={t.groupDurationMinutes} inputmode="numeric" {...f} />
          <Field name="groupAutoFillPercent" label={t.groupAutoFillPercent} hint={t.groupAutoFillHint} inputmode="numeric" {...f} />
          <Field name="groupLeaderPrice" label={t.groupLeaderPrice} hint={t.groupLeaderHint} inputmode="decimal" {...f} />
        </fieldset>
        <fieldset>
          <legend>{t.limits}</legend>
          <p class="hint">{t.limitsHint}</p>
          <Field name="perOrder" label={t.perOrder} inputmode="numeric" {...f} />
          <Field name="perBuyer" label={t.perBuyer} hint={t.perBuyerHint} inputmode="numeric" {...f} />
        </fieldset>
        <fieldset data-bargain-fields>
          <legend>{t.bargainOffer}</legend>
          <p class="hint">{t.bargainHint}</p>
          <Field name="bargainFloor" label={t.bargainFloor} inputmode="decimal" {...f} />
          <Field name="bargainHelpers" label={t.bargainHelpers} inputmode="numeric" {...f} />
          <Field name="bargainHours" label={t.bargainHours} inputmode="numeric" {...f} />
        </fieldset>
        <label class="check" for="f-active">
          <input id="f-active" type="checkbox" name="active" value="1" checked={v.values.active} />
          {t.active}
        </label>
        <button class="btn primary" type="submit" style="width:100%">
          {editing ? t.save : t.create}
        </button>
      </form>
      {editing && (
        <div class="panel" data-card-preview>
          <h2>{t.sharePreview}</h2>
          <p class="hint">{t.sharePreviewHint}</p>
          {/* The card as a link preview shows it now; a new URL per form, so a save is seen at once. */}
          <img src={`/card/p/${v.productId}.png?at=${encodeURIComponent(v.values.changeId)}`} width="1200" height="630" alt={t.sharePreviewAlt} style="width:100%;height:auto;border-radius:8px;border:1px solid var(--line)" />
        </div>
      )}
    </OpsShell>
  );
}
