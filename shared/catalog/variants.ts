/**
 * Variants (规格 / SKU): the pure rules. A product has at most MAX_OPTIONS options of at most
 * MAX_VALUES values, and at most MAX_VARIANTS variants, each naming one value of every option,
 * each combination at most once. A product without options is sold as one default variant whose
 * id is the product's own id.
 */
export const MAX_OPTIONS = 3;
export const MAX_VALUES = 20;
export const MAX_VARIANTS = 100;

export interface ProductOption {
  name: string;
  values: string[];
}

/** A variant's choice: option name → value. */
export type VariantOptions = Record<string, string>;

export interface VariantShape {
  options: VariantOptions;
  price: { amount: number };
  groupPrice?: { amount: number } | null;
  leaderPrice?: { amount: number } | null;
}

/** The combination as one string, in the options' order, so two spellings of one choice compare equal. */
export function combinationKey(options: ProductOption[], chosen: VariantOptions): string {
  return JSON.stringify(options.map((o) => chosen[o.name] ?? null));
}

/** The choice with its keys in the options' order: stored and compared in this form. */
export function normaliseChoice(options: ProductOption[], chosen: VariantOptions): VariantOptions {
  const out: VariantOptions = {};
  for (const o of options) if (chosen[o.name] !== undefined) out[o.name] = chosen[o.name]!;
  return out;
}

/** Why the options are not acceptable, or null. */
export function optionsProblem(options: ProductOption[]): string | null {
  if (options.length > MAX_OPTIONS) return `at most ${MAX_OPTIONS} options`;
  const names = new Set<string>();
  for (const o of options) {
    if (!o.name.trim()) return 'an option needs a name';
    if (names.has(o.name)) return `option "${o.name}" is named twice`;
    names.add(o.name);
    if (o.values.length === 0) return `option "${o.name}" needs at least one value`;
    if (o.values.length > MAX_VALUES) return `option "${o.name}" has more than ${MAX_VALUES} values`;
    if (new Set(o.values).size !== o.values.length) return `option "${o.name}" lists a value twice`;
    if (o.values.some((v) => !v.trim())) return `option "${o.name}" has an empty value`;
  }
  return null;
}

/**
 * Why these variants do not fit these options, or null: every variant names exactly one known
 * value of every option, each combination at most once, at most MAX_VARIANTS, and a group or
 * leader price below the variant's own price.
 */
export function variantsProblem(options: ProductOption[], variants: VariantShape[]): string | null {
  const bad = optionsProblem(options);
  if (bad) return bad;
  if (options.length === 0) return variants.length === 0 ? null : 'variants need options; a product without options is sold as its default variant';
  if (variants.length === 0) return 'a product with options needs at least one variant';
  if (variants.length > MAX_VARIANTS) return `at most ${MAX_VARIANTS} variants`;
  const seen = new Set<string>();
  for (const [i, v] of variants.entries()) {
    for (const name of Object.keys(v.options)) {
      if (!options.some((o) => o.name === name)) return `variants.${i}: unknown option "${name}"`;
    }
    for (const o of options) {
      const value = v.options[o.name];
      if (value === undefined) return `variants.${i}: no value for option "${o.name}"`;
      if (!o.values.includes(value)) return `variants.${i}: unknown value "${value}" for option "${o.name}"`;
    }
    const key = combinationKey(options, v.options);
    if (seen.has(key)) return `variants.${i}: this combination is listed twice`;
    seen.add(key);
    if (v.groupPrice && v.groupPrice.amount >= v.price.amount) return `variants.${i}: groupPrice must be lower than the variant's price`;
    if (v.leaderPrice && v.leaderPrice.amount >= v.price.amount) return `variants.${i}: leaderPrice must be lower than the variant's price`;
  }
  return null;
}

/** The lowest and highest price; an empty list has no range. */
export function priceRange(amounts: number[]): { min: number; max: number } | null {
  if (amounts.length === 0) return null;
  return { min: Math.min(...amounts), max: Math.max(...amounts) };
}

/** "¥59" or "¥59 起" (from ¥59) when the prices differ; `from` is the localised word. */
export function formatPriceFrom(range: { min: { amount: number }; max: { amount: number } }, format: (amount: number) => string, from: string): string {
  const min = format(range.min.amount);
  return range.max.amount > range.min.amount ? `${min} ${from}` : min;
}

/** The variant a choice names, if every option has a value. */
export function findVariantByChoice<V extends { options: VariantOptions }>(options: ProductOption[], variants: V[], chosen: VariantOptions): V | undefined {
  const key = combinationKey(options, chosen);
  return variants.find((v) => combinationKey(options, v.options) === key);
}
