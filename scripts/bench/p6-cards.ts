// P6: share card rendering. Cold = the first render of a card (satori + resvg in the Worker,
// in the renderer Worker behind CARD_RENDERER); cached = the page's og:image URL served again.
import { compare, type LoadResult } from './load';
import { BASELINE, PAGE_PRODUCT, round, type Figure, type Profile } from './scenarios';
import { sampleRss } from './stack';

const summary = (r: LoadResult) => ({ rps: round(r.rps, 1), p99Ms: r.p99Ms });

export async function p6Cards(base: string, prof: Profile, pids: () => number[]): Promise<Figure[]> {
  const products = ((await (await fetch(`${base}/api/products?limit=20`)).json()) as { items?: { id: string }[] }).items?.map((p) => p.id) ?? [PAGE_PRODUCT];
  const rss = sampleRss(pids, 50);
  const cold: number[] = [];
  for (const id of products.slice(0, 8)) {
    const t = performance.now();
    const r = await fetch(`${base}/card/p/${id}.png`);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`P6: card for ${id} answered ${r.status}`);
    if (r.headers.get('x-card-cache') === 'miss') cold.push(performance.now() - t);
  }
  // What a preview bot fetches: the og:image URL of the product page (it carries the card's version).
  const page = await (await fetch(`${base}/p/${products[0]}`)).text();
  const ogImage = page.match(/<meta property="og:image" content="([^"]+)"/)?.[1];
  if (!ogImage) throw new Error('P6: the product page has no og:image');
  const u = new URL(ogImage);
  const path = u.pathname + u.search;
  const cardBytes = (await fetch(base + path).then((r) => r.arrayBuffer())).byteLength;
  const spec = (p: string) => ({ url: base, path: p, connections: prof.connections });
  const cmp = await compare(spec(BASELINE), spec(path), prof);
  // The same number of bytes from a route that does nothing else: how much of the gap to the
  // baseline is the card's size on the wire rather than the card route's own work. As image/png,
  // so the body takes the middleware's path for a card, not the HTML one (CSP and nonce pass).
  const sameBytes = await compare(spec(`/__bench/bytes/${cardBytes}?type=png`), spec(path), prof);
  const peak = rss.stop();
  const hits = await fetch(base + path).then((r) => r.headers.get('x-card-cache'));
  const med = cold.length ? [...cold].sort((a, b) => a - b)[cold.length >> 1]! : NaN;
  const f = (x: Omit<Figure, 'status' | 'met'> & { met: boolean | null }): Figure => ({ ...x, status: 'measured' });
  return [
    f({
      id: 'P6.cachedThroughput',
      label: 'P6 cached share card ÷ baseline, throughput',
      value: round(cmp.rpsRatio),
      unit: '×',
      target: '≥ 0.5',
      met: cmp.rpsRatio >= 0.5,
      detail: { baseline: summary(cmp.a), card: summary(cmp.b), served: hits, pairMedian: round(cmp.rpsPairMedian) },
      note:
        cmp.rpsRatio < 0.5
          ? `missed: served ${hits}; the card ran at ${round(sameBytes.rpsRatio)}× a bare ${cardBytes}-byte body (near 1: the gap is the card's size on the wire, not the route's work); pair median ${round(cmp.rpsPairMedian)}×.`
          : undefined,
    }),
    f({ id: 'P6.cachedVsSameBytes', label: 'P6 cached share card ÷ a bare body of the same size', value: round(sameBytes.rpsRatio), unit: '×', target: null, met: null, detail: { cardBytes, bytes: summary(sameBytes.a), card: summary(sameBytes.b) } }),
    f({ id: 'P6.coldRender', label: 'P6 cold share card render, median', value: round(med, 0), unit: 'ms', target: null, met: null, detail: { samples: cold.map((x) => round(x, 0)) } }),
    f({ id: 'P6.peakRss', label: 'P6 workerd peak RSS during card renders', value: round(peak / 1024 / 1024, 1), unit: 'MiB', target: null, met: null }),
  ];
}
