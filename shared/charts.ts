// Server-rendered charts: a bar chart as a self-contained SVG string (no library, no script),
// so the dashboard draws on the first paint, in any in-app browser, and caches as HTML.

export interface BarPoint {
  label: string;
  value: number;
}

export interface BarChartOptions {
  width?: number;
  height?: number;
  /** Bar fill colour. */
  color?: string;
  /** Accessible name of the chart (aria-label and <title>). */
  title?: string;
  /** Show every nth label under the bars (long daily series would overlap). 1 = all. */
  labelEvery?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Rounds to 2 decimals so the markup is short and stable across runs. */
const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A vertical bar chart. Heights are proportional to value / max (negative and non-finite values
 * draw as zero); each bar carries a <title> with its label and value for hover and screen readers.
 */
export function barChartSvg(series: readonly BarPoint[], opts: BarChartOptions = {}): string {
  const width = opts.width ?? 320;
  const height = opts.height ?? 140;
  const color = opts.color ?? 'var(--brand)';
  const title = esc(opts.title ?? 'Chart');
  const every = Math.max(1, Math.floor(opts.labelEvery ?? 1));
  const labelBand = 18;
  const valueBand = 14;
  const plotH = height - labelBand - valueBand;
  const values = series.map((p) => (Number.isFinite(p.value) && p.value > 0 ? p.value : 0));
  const max = Math.max(0, ...values);
  const n = series.length;
  const slot = n ? width / n : width;
  const barW = Math.max(1, slot * 0.7);
  const parts: string[] = [];
  series.forEach((p, i) => {
    const v = values[i]!;
    const h = max > 0 ? (v / max) * plotH : 0;
    const x = r2(i * slot + (slot - barW) / 2);
    const y = r2(valueBand + plotH - h);
    parts.push(
      `<rect class="bar" x="${x}" y="${y}" width="${r2(barW)}" height="${r2(h)}" rx="2" style="fill:${esc(color)}" data-value="${v}"><title>${esc(p.label)}: ${v}</title></rect>`,
    );
    if (v === max && max > 0) {
      const [vx, vAnchor] = i === n - 1 && n > 1 ? [width, 'end'] : i === 0 && n > 1 ? [0, 'start'] : [r2(i * slot + slot / 2), 'middle'];
      parts.push(`<text x="${vx}" y="${r2(y - 3)}" text-anchor="${vAnchor}" font-size="10" fill="#555">${v}</text>`);
    }
    if (i % every === 0) {
      // The first and last labels hug the edges: centred under a narrow bar they would be cut off.
      const [lx, anchor] = i === 0 && n > 1 ? [0, 'start'] : i === n - 1 && n > 1 ? [width, 'end'] : [r2(i * slot + slot / 2), 'middle'];
      parts.push(`<text x="${lx}" y="${height - 5}" text-anchor="${anchor}" font-size="10" fill="#767676">${esc(p.label)}</text>`);
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" preserveAspectRatio="none">` +
    `<title>${title}</title>` +
    `<line x1="0" y1="${valueBand + plotH}" x2="${width}" y2="${valueBand + plotH}" stroke="#ddd" stroke-width="1"/>` +
    parts.join('') +
    `</svg>`
  );
}
