// Options as an operator types them in the product editor ("颜色: 白, 黑", one a line), and the
// rows of the variant grid they make.
import { optionsProblem, type ProductOption } from './variants';

/** A combination as the grid and order lines name it: "黑 / M". */
export const comboLabel = (values: string[]) => values.join(' / ');

/**
 * The options as typed, one per line: "颜色: 白, 黑" (full-width ：，、 too). Undefined when a line
 * does not read, or the options break the rules (shared/catalog/variants.ts).
 */
export function parseOptionsText(text: string): ProductOption[] | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const options: ProductOption[] = [];
  for (const line of lines) {
    const m = /^([^:：]+)[:：](.+)$/.exec(line);
    if (!m) return undefined;
    const values = m[2]!.split(/[,，、]/).map((v) => v.trim()).filter(Boolean);
    options.push({ name: m[1]!.trim(), values });
  }
  if (options.some((o) => o.name.length > 40 || o.values.some((v) => v.length > 40))) return undefined;
  return optionsProblem(options) ? undefined : options;
}

export const optionsToText = (options: ProductOption[]) => options.map((o) => `${o.name}: ${o.values.join(', ')}`).join('\n');

/** Every combination of the options' values, in order: the grid's rows. */
export function combinations(options: ProductOption[]): string[][] {
  return options.reduce<string[][]>((rows, o) => rows.flatMap((r) => o.values.map((v) => [...r, v])), [[]]).filter((r) => r.length > 0);
}
