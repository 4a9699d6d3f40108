// The ops product form: flat form fields (named like the API fields, nested ones flattened)
// to the API's product bodies, and back. Errors are codes per field; pages word them in the
// page's language, next to the input that caused them. The values themselves (read from a post,
// filled in from a product) are ops-product-form-values.ts.
import { ProductCreateBody, ProductPatchBody, type ProductCreate, type ProductPatch, type VariantIn } from '../schemas';
import { combinations, comboLabel, parseOptionsText } from './options-text';
import { MAX_VARIANTS, type ProductOption } from './variants';
import { parseLimitFields } from './ops-limits-form';
import { BARGAIN_FIELDS, parseBargainFields, type BargainFieldError } from '../promotions/bargain-form';

export const PRODUCT_FIELDS = [
  'title',
  'description',
  'category',
  'images',
  'price',
  'stock',
  'stockDelta',
  'level1Bps',
  'level2Bps',
  'groupSize',
  'groupPrice',
  'groupDurationMinutes',
  'groupAutoFillPercent',
  // 团长价 and 限购 (ops-limits-form.ts).
  ...(['groupLeaderPrice', 'perOrder', 'perBuyer'] as const),
  ...BARGAIN_FIELDS,
  'options',
  'variants',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** What the form holds: strings as typed, so a failed submit shows them again unchanged. */
export type ProductFormValues = Record<ProductField, string> & { active: boolean; stockWas: string; changeId: string; grid: Record<string, VariantCell> };

/** One row of the variant grid, keyed by its combination's label ("黑 / M"); strings as typed. */
export interface VariantCell {
  id: string;
  sku: string;
  price: string;
  stock: string;
  stockWas: string;
  groupPrice: string;
  /** Units still free, as the editor was first shown (display only). */
  available: string;
}
const CELL_FIELDS = ['id', 'sku', 'price', 'stock', 'stockWas', 'groupPrice', 'available'] as const;
export type CellField = (typeof CELL_FIELDS)[number];

/** The form input that holds one cell: `v.price.黑 / M`. */
export const cellName = (field: CellField, label: string) => `v.${field}.${label}`;

export type FieldError =
  | { code: 'required' }
  | { code: 'tooLong'; max: number }
  | { code: 'wholeNumber'; min: number; max: number }
  | { code: 'money' }
  | { code: 'image' }
  | { code: 'tooMany'; max: number }
  | { code: 'groupIncomplete' }
  | { code: 'groupPriceHigh' }
  | { code: 'leaderPriceHigh' }
  | { code: 'stockBelowZero' }
  | { code: 'optionsFormat' }
  | { code: 'invalid' }
  | BargainFieldError;

/** Errors by field; `cells` by the grid input's name. */
export type FieldErrors = Partial<Record<ProductField, FieldError>> & { cells?: Record<string, FieldError> };

/** "12", "12.5", "12.90" yuan → minor units; anything else undefined. */
export function parseYuan(s: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s.replace(/^¥/, ''));
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function wholeNumber(errors: FieldErrors, field: ProductField, s: string, min: number, max: number): number | undefined {
  if (!/^[-+]?\d{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
    errors[field] = { code: 'wholeNumber', min, max };
    return undefined;
  }
  return Number(s);
}

export type ParsedProductForm =
  | { ok: true; create: ProductCreate; patch: ProductPatch }
  | { ok: false; errors: FieldErrors };

/**
 * Checks every field (all errors at once, not the first) and builds both bodies: `create` for a
 * new product, `patch` for an edit (stock only when it changed, or the delta when one is given).
 */
export function parseProductForm(v: ProductFormValues, mode: 'create' | 'edit'): ParsedProductForm {
  const errors: FieldErrors = {};
  if (!v.title) errors.title = { code: 'required' };
  else if (v.title.length > 200) errors.title = { code: 'tooLong', max: 200 };
  if (v.description.length > 5000) errors.description = { code: 'tooLong', max: 5000 };
  if (!v.category) errors.category = { code: 'required' };
  else if (v.category.length > 60) errors.category = { code: 'tooLong', max: 60 };
  const images = v.images
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (images.length > 12) errors.images = { code: 'tooMany', max: 12 };
  else if (images.some((s) => s.length > 2000 || !(s.startsWith('/') || s.startsWith('https://')))) errors.images = { code: 'image' };
  const options = v.options ? parseOptionsText(v.options) : [];
  if (!options) errors.options = { code: 'optionsFormat' };
  const withOptions = (options?.length ?? 0) > 0 || !!errors.options;
  const variants = options?.length ? parseGrid(v, options, mode, errors) : [];
  if (options?.length && variants.length > MAX_VARIANTS) errors.variants = { code: 'tooMany', max: MAX_VARIANTS };
  // With options, price and stock are the variants'; the product's fields are not asked for.
  const price = withOptions ? (variants.length ? Math.min(...variants.map((x) => x.price.amount)) : undefined) : v.price ? parseYuan(v.price) : undefined;
  if (!withOptions && !v.price) errors.price = { code: 'required' };
  else if (!withOptions && price === undefined) errors.price = { code: 'money' };

  let stock: number | undefined;
  let stockDelta: number | undefined;
  if (withOptions) {
    // Stock is set per variant in the grid.
  } else if (mode === 'create' || v.stock !== v.stockWas) {
    if (!v.stock) errors.stock = { code: 'required' };
    else stock = wholeNumber(errors, 'stock', v.stock, 0, 10_000_000);
  }
  if (mode === 'edit' && v.stockDelta && v.stockDelta !== '0') {
    stockDelta = wholeNumber(errors, 'stockDelta', v.stockDelta, -10_000_000, 10_000_000);
    // A delta is added to the stock as it stands, so it cannot also set an absolute total.
    if (stock !== undefined) errors.stockDelta = { code: 'invalid' };
    const was = Number(v.stockWas);
    if (stockDelta !== undefined && Number.isFinite(was) && was + stockDelta < 0) errors.stockDelta = { code: 'stockBelowZero' };
  }
  const level1Bps = wholeNumber(errors, 'level1Bps', v.level1Bps, 0, 5000);
  const level2Bps = wholeNumber(errors, 'level2Bps', v.level2Bps, 0, 5000);

  let groupBuy: ProductCreate['groupBuy'] = null;
  const groupParts = [v.groupSize, v.groupPrice, v.groupDurationMinutes];
  if (groupParts.some(Boolean) || v.groupAutoFillPercent) {
    if (!groupParts.every(Boolean)) {
      for (const f of ['groupSize', 'groupPrice', 'groupDurationMinutes'] as const) if (!v[f]) errors[f] = { code: 'groupIncomplete' };
    } else {
      const size = wholeNumber(errors, 'groupSize', v.groupSize, 2, 50);
      const groupPrice = parseYuan(v.groupPrice);
      if (groupPrice === undefined) errors.groupPrice = { code: 'money' };
      else if (!withOptions && price !== undefined && groupPrice >= price) errors.groupPrice = { code: 'groupPriceHigh' };
      else if (withOptions) {
        // Each variant without a group price of its own pays the offer's: it must be lower than the variant's price.
        for (const [label, cell] of Object.entries(v.grid)) {
          const own = parseYuan(cell.price);
          if (!cell.groupPrice && own !== undefined && groupPrice >= own && variants.some((x) => x.price.amount === own)) {
            (errors.cells ??= {})[cellName('price', label)] = { code: 'groupPriceHigh' };
          }
        }
      }
      const minutes = wholeNumber(errors, 'groupDurationMinutes', v.groupDurationMinutes, 5, 60 * 24 * 14);
      const autoFill = v.groupAutoFillPercent ? wholeNumber(errors, 'groupAutoFillPercent', v.groupAutoFillPercent, 1, 100) : null;
      if (size !== undefined && groupPrice !== undefined && minutes !== undefined && autoFill !== undefined) {
        groupBuy = { size, price: { amount: groupPrice, currency: 'CNY' }, durationMinutes: minutes, autoFillPercent: autoFill };
      }
    }
  }
  const promo = parseLimitFields(v, errors, groupBuy, parseYuan);
  if (groupBuy && promo.leaderPrice) groupBuy = { ...groupBuy, leaderPrice: promo.leaderPrice };
  const bargain = parseBargainFields(v, price, parseYuan, (f, e) => (errors[f] = e));
  if (Object.keys(errors).length) return { ok: false, errors };

  const common = {
    title: v.title,
    description: v.description,
    category: v.category,
    images,
    ...(withOptions ? { options: options!, variants } : { price: { amount: price!, currency: 'CNY' as const } }),
    commission: { level1Bps: level1Bps!, level2Bps: level2Bps! },
    groupBuy,
    limits: promo.limits,
    bargain,
  };
  // The API's own schemas have the last word, so the two doors accept exactly the same products.
  const create = ProductCreateBody.safeParse(withOptions ? common : { ...common, stock: stock ?? 0 });
  // An edit that drops the last option goes back to one default variant, with its own price and stock.
  const patch = ProductPatchBody.safeParse({
    ...common,
    ...(!withOptions && v.grid && Object.keys(v.grid).length ? { options: [], variants: [], stock: stock ?? Number(v.stock) } : {}),
    active: v.active,
    ...(stock !== undefined ? { stock } : {}),
    ...(stockDelta !== undefined ? { stockDelta } : {}),
  });
  const failed = mode === 'create' ? create : patch;
  if (!failed.success) {
    const field = String(failed.error.issues[0]?.path[0] ?? 'title');
    const known = (PRODUCT_FIELDS as readonly string[]).includes(field) ? (field as ProductField) : 'title';
    return { ok: false, errors: { [known]: { code: 'invalid' } } };
  }
  return { ok: true, create: create.success ? create.data : (undefined as never), patch: patch.success ? patch.data : (undefined as never) };
}

/**
 * The grid's rows for these options: a row left blank (no price, no stock, never saved) is a
 * combination not sold. A saved row sends its stock only when it changed, so a sale meanwhile is
 * not overwritten; a new row needs both.
 */
function parseGrid(v: ProductFormValues, options: ProductOption[], mode: 'create' | 'edit', errors: FieldErrors): VariantIn[] {
  const out: VariantIn[] = [];
  const cellError = (field: CellField, label: string, e: FieldError) => ((errors.cells ??= {})[cellName(field, label)] = e);
  for (const values of combinations(options).slice(0, MAX_VARIANTS + 1)) {
    const label = comboLabel(values);
    const cell = v.grid[label];
    if (!cell || (!cell.id && !cell.price && !cell.stock)) continue;
    const price = parseYuan(cell.price);
    if (!cell.price) cellError('price', label, { code: 'required' });
    else if (price === undefined) cellError('price', label, { code: 'money' });
    let stock: number | undefined;
    if (!cell.id || mode === 'create' || cell.stock !== cell.stockWas) {
      if (!/^\d{1,8}$/.test(cell.stock) || Number(cell.stock) > 10_000_000) cellError('stock', label, { code: 'wholeNumber', min: 0, max: 10_000_000 });
      else stock = Number(cell.stock);
    }
    const groupPrice = cell.groupPrice ? parseYuan(cell.groupPrice) : undefined;
    if (cell.groupPrice && groupPrice === undefined) cellError('groupPrice', label, { code: 'money' });
    else if (groupPrice !== undefined && price !== undefined && groupPrice >= price) cellError('groupPrice', label, { code: 'groupPriceHigh' });
    if (cell.sku.length > 64) cellError('sku', label, { code: 'tooLong', max: 64 });
    if (price === undefined) continue;
    out.push({
      ...(cell.id && mode === 'edit' ? { id: cell.id } : {}),
      sku: cell.sku || null,
      options: Object.fromEntries(options.map((o, i) => [o.name, values[i]!])),
      price: { amount: price, currency: 'CNY' },
      ...(stock !== undefined ? { stock } : {}),
      groupPrice: groupPrice !== undefined ? { amount: groupPrice, currency: 'CNY' } : null,
    });
  }
  if (out.length === 0 && !errors.cells) errors.variants = { code: 'required' };
  return out;
}
