// P9: the invitation graph of a 1,000-seller network, rendered in the Worker. The Worker reports
// its statement and its render apart (Server-Timing); the bench also times whole requests,
// one at a time, and the render-only request (the graph held in the isolate) against the baseline.
import { BASELINE, round, type Figure, type Profile } from './scenarios';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? NaN;

async function timed(url: string) {
  const t = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`P9: ${url} answered ${r.status}: ${body.slice(0, 200)}`);
  const timing = Object.fromEntries(
    (r.headers.get('server-timing') ?? '')
      .split(',')
      .map((p) => /([a-z]+);dur=([\d.]+)/.exec(p.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, Number(m[2])]),
  );
  return { ms, body, db: timing.db ?? NaN, render: timing.render ?? NaN };
}

export async function p9Graph(base: string, prof: Profile): Promise<Figure[]> {
  const size = 1000;
  const seeded = await fetch(`${base}/__bench/network`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size }) });
  if (seeded.status !== 201) throw new Error(`P9: seeding the network answered ${seeded.status}`);
  const { rootId } = (await seeded.json()) as { rootId: string };
  const n = prof.name === 'smoke' ? 5 : 60;
  const graphUrl = `${base}/__bench/graph/${rootId}`;
  const first = await timed(graphUrl);
  const drawn = Number(/data-graph-nodes="(\d+)"/.exec(first.body)?.[1]);
  const below = Number(/data-graph-below="(\d+)"/.exec(first.body)?.[1]);
  if (below !== size - 1) throw new Error(`P9: the graph counts ${below} sellers below the root, not ${size - 1}`);
  const full: Awaited<ReturnType<typeof timed>>[] = [];
  const cached: number[] = [];
  const baseline: number[] = [];
  // Interleaved, as everywhere in this bench: the machine is shared.
  for (let i = 0; i < n; i++) {
    full.push(await timed(graphUrl));
    cached.push((await timed(`${graphUrl}?cached=1`)).ms);
    const t = performance.now();
    await (await fetch(base + BASELINE)).text();
    baseline.push(performance.now() - t);
  }
  const render = median(full.map((r) => r.render));
  const estimate = Math.max(0, median(cached) - median(baseline));
  // workerd may hold its clock still while a request computes (a Spectre defence): then the
  // Worker reports 0 and the render-only request, less the baseline, is the figure.
  const clockMoves = full.some((r) => r.render > 0);
  const value = clockMoves ? render : estimate;
  const f = (x: Omit<Figure, 'status'>): Figure => ({ ...x, status: 'measured' });
  return [
    f({
      id: 'P9.render',
      label: 'P9 invitation graph render in the Worker (1,000 sellers), median',
      value: round(value, 2),
      unit: 'ms',
      target: '< 50',
      met: value < 50,
      detail: { source: clockMoves ? 'Server-Timing render' : 'render-only request − baseline', serverRenderP50: round(render, 2), serverRenderMax: round(Math.max(...full.map((r) => r.render)), 2), renderOnlyRequestP50: round(median(cached), 2), baselineP50: round(median(baseline), 2), drawnNodes: drawn, sellers: size, samples: n, svgBytes: first.body.length },
    }),
    f({
      id: 'P9.request',
      label: 'P9 invitation graph request (one Postgres statement + render), median',
      value: round(median(full.map((r) => r.ms)), 2),
      unit: 'ms',
      target: '< 50',
      met: median(full.map((r) => r.ms)) < 50,
      detail: { p99Ms: round(p99(full.map((r) => r.ms)), 2), serverDbP50: round(median(full.map((r) => r.db)), 2), baselineP50: round(median(baseline), 2) },
    }),
  ];
}
