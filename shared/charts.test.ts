import { describe, expect, it } from 'vitest';
import { barChartSvg } from './charts';

const bars = (svg: string) => [...svg.matchAll(/<rect class="bar"[^>]*height="([0-9.]+)"[^>]*data-value="([0-9.]+)"/g)].map((m) => ({ h: Number(m[1]), v: Number(m[2]) }));

describe('barChartSvg', () => {
  it('draws one bar per point, heights proportional to the value', () => {
    const svg = barChartSvg(
      [
        { label: 'a', value: 10 },
        { label: 'b', value: 5 },
        { label: 'c', value: 0 },
      ],
      { height: 132 },
    );
    const b = bars(svg);
    expect(b).toHaveLength(3);
    expect(b[0]!.h).toBe(100); // 132 - 18 label band - 14 value band
    expect(b[1]!.h).toBe(50);
    expect(b[2]!.h).toBe(0);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
  });

  it('an empty or all-zero series draws no NaN', () => {
    expect(barChartSvg([])).not.toContain('NaN');
    const svg = barChartSvg([{ label: 'x', value: 0 }, { label: 'y', value: 0 }]);
    expect(svg).not.toContain('NaN');
    expect(bars(svg).every((b) => b.h === 0)).toBe(true);
  });

  it('negative and non-finite values draw as zero', () => {
    const b = bars(barChartSvg([{ label: 'a', value: -5 }, { label: 'b', value: Number.NaN }, { label: 'c', value: 4 }]));
    expect(b.map((x) => x.v)).toEqual([0, 0, 4]);
  });

  it('escapes labels and the title (channel names are seller input)', () => {
    const svg = barChartSvg([{ label: '<script>"x"&', value: 1 }], { title: 'a<b' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&quot;x&quot;&amp;');
    expect(svg).toContain('aria-label="a&lt;b"');
  });

  it('labels every nth bar only', () => {
    const series = Array.from({ length: 10 }, (_, i) => ({ label: `d${i}`, value: i }));
    const svg = barChartSvg(series, { labelEvery: 5 });
    expect(svg).toContain('>d0<');
    expect(svg).toContain('>d5<');
    expect(svg).not.toContain('>d3<');
  });
});
