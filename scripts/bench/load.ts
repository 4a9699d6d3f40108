// Load generation over loopback with autocannon, and the ratio bookkeeping.
import { createRequire } from 'node:module';
import autocannon from 'autocannon';

// autocannon appends every response body chunk to a string (`req.body += chunk`) whether or not
// anything reads it, so each response is decoded as UTF-8 in the load generator. For ASCII that
// is a few µs; for a 29 KB PNG it is ~250 µs of the load generator's CPU per response (invalid
// UTF-8 takes V8's slow path), on the same 2 cores as workerd: it capped P6's cached card at
// ~0.27× the baseline while the server did nothing more per card than per baseline request.
// Bodies are kept only for requests with an onResponse hook (the bursts read error codes).
const PipelinedRequestsQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as {
  prototype: { peek(): { req?: { onResponse?: unknown }; body: string } | undefined; addBody(data: Uint8Array): void };
};
PipelinedRequestsQueue.prototype.addBody = function (data) {
  const pending = this.peek();
  if (pending && typeof pending.req?.onResponse === 'function') pending.body += data;
};

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  errors: number;
}

export interface LoadSpec {
  url: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds?: number;
  amount?: number;
  setupRequest?: (req: { method?: string; path?: string; headers?: Record<string, string>; body?: string }, context: Record<string, unknown>) => {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };
  onResponse?: (status: number, body: string) => void;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 5 }),
    timeout: 30,
    // autocannon calls these hooks when the keys are present, even if undefined.
    requests: [
      {
        method: spec.method ?? 'GET',
        path: spec.path,
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        ...(spec.setupRequest ? { setupRequest: spec.setupRequest } : {}),
        ...(spec.onResponse ? { onResponse: (status: number, body: string) => spec.onResponse!(status, body) } : {}),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statuses[k] = v.count;
  const requests = Object.values(statuses).reduce((s, n) => s + n, 0);
  return {
    requests,
    seconds: r.duration,
    rps: requests / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    statuses,
    errors: r.errors + r.timeouts,
  };
}

/** Merges rounds of the same route: total requests over total time, request-weighted p50/p99, summed statuses. */
export function merge(rounds: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const weighted = (f: (r: LoadResult) => number) => rounds.reduce((s, r) => s + f(r) * r.requests, 0) / Math.max(1, requests);
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms: weighted((r) => r.p50Ms),
    p99Ms: weighted((r) => r.p99Ms),
    statuses,
    errors: rounds.reduce((s, r) => s + r.errors, 0),
  };
}

/**
 * A against B, interleaved (A B A B …) so that load from other work on the machine falls on
 * both sides alike. After one untimed warm-up each, `rounds` pairs of `seconds` each. The
 * throughput ratio compares each side's best round; the p99 ratio is the median over the pairs
 * (each pair ran back to back). The merged sides keep the absolute numbers.
 */
export async function compare(a: LoadSpec, b: LoadSpec, opts: { rounds: number; seconds: number; warmupSeconds: number }) {
  if (opts.warmupSeconds > 0) {
    await load({ ...a, seconds: opts.warmupSeconds, amount: undefined });
    await load({ ...b, seconds: opts.warmupSeconds, amount: undefined });
  }
  const ra: LoadResult[] = [];
  const rb: LoadResult[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    ra.push(await load({ ...a, seconds: opts.seconds }));
    rb.push(await load({ ...b, seconds: opts.seconds }));
  }
  return {
    a: merge(ra),
    b: merge(rb),
    rounds: { a: ra, b: rb },
    // Outside load only ever takes throughput away, so each side's best round is the closest
    // to its capacity; the median of back-to-back pair ratios is kept as a cross-check.
    rpsRatio: ratio(Math.max(...rb.map((x) => x.rps)), Math.max(...ra.map((x) => x.rps))),
    rpsPairMedian: median(ra.map((x, i) => ratio(rb[i]!.rps, x.rps))),
    p99Ratio: median(ra.map((x, i) => ratio(rb[i]!.p99Ms, x.p99Ms))),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const ratio = (x: number, y: number) => (y > 0 ? x / y : NaN);
