// The ops product form's values: read from a posted form, filled in from a product for an edit,
// or blank for a new one. Checking them and building the API's bodies is ops-product-form.ts.
import type { Product } from '../schemas';
import { comboLabel, optionsToText } from './options-text';
import { MAX_VARIANTS } from './variants';
import { limitsToFormValues } from './ops-limits-form';
import { bargainFormValues } from '../promotions/bargain-form';
import { PRODUCT_FIELDS, type CellField, type ProductFormValues } from './ops-product-form';

// Postgres text cannot hold NUL; a form value never needs one.
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\0/g, '') : '');

/** Form fields as posted (URLSearchParams-like record) → form values. */
export function productFormValues(form: Record<string, unknown>): ProductFormValues {
  const out = {} as ProductFormValues;
  for (const f of PRODUCT_FIELDS) out[f] = str(form[f]).trim();
  out.description = str(form.description).replace(/\r\n/g, '\n');
  out.active = form.active !== undefined && form.active !== '' && form.active !== '0';
  out.stockWas = str(form.stockWas).trim();
  out.changeId = str(form.changeId).trim().slice(0, 80);
  out.grid = {};
  for (const [name, value] of Object.entries(form)) {
    const m = /^v\.(id|sku|price|stock|stockWas|groupPrice|available)\.(.{1,130})$/s.exec(name);
    if (!m || Object.keys(out.grid).length > 4 * MAX_VARIANTS) continue;
    const cell = (out.grid[m[2]!] ??= { id: '', sku: '', price: '', stock: '', stockWas: '', groupPrice: '', available: '' });
    cell[m[1] as CellField] = str(value).trim().slice(0, 100);
  }
  return out;
}

const yuan = (minor: number) => (minor / 100).toFixed(2);

/** A product as the edit form first shows it. */
export function productToFormValues(p: Product, changeId: string): ProductFormValues {
  return {
    title: p.title,
    description: p.description,
    category: p.category,
    images: p.images.join('\n'),
    price: yuan(p.price.amount),
    stock: String(p.stock),
    stockDelta: '',
    level1Bps: String(p.commission.level1Bps),
    level2Bps: String(p.commission.level2Bps),
    groupSize: p.groupBuy ? String(p.groupBuy.size) : '',
    groupPrice: p.groupBuy ? yuan(p.groupBuy.price.amount) : '',
    groupDurationMinutes: p.groupBuy ? String(p.groupBuy.durationMinutes) : '',
    groupAutoFillPercent: p.groupBuy?.autoFillPercent ? String(p.groupBuy.autoFillPercent) : '',
    ...bargainFormValues(p.bargain),
    options: optionsToText(p.options ?? []),
    ...limitsToFormValues(p),
    variants: '',
    active: p.active,
    stockWas: String(p.stock),
    changeId,
    grid: Object.fromEntries(
      (p.options?.length ? p.variants : []).map((v) => [
        comboLabel(p.options.map((o) => v.options[o.name] ?? '')),
        {
          id: v.id,
          sku: v.sku ?? '',
          price: yuan(v.price.amount),
          stock: String(v.stock),
          stockWas: String(v.stock),
          // A variant's own group price; blank when it pays the offer's.
          groupPrice: v.groupPrice && (!p.groupBuy || v.groupPrice.amount !== p.groupBuy.price.amount) ? yuan(v.groupPrice.amount) : '',
          available: String(v.stockAvailable),
        },
      ]),
    ),
  };
}

export const emptyProductForm = (changeId: string): ProductFormValues => ({
  ...Object.fromEntries(PRODUCT_FIELDS.map((f) => [f, ''])),
  level1Bps: '1000',
  level2Bps: '300',
  active: true,
  stockWas: '',
  changeId,
  grid: {},
} as ProductFormValues);
