// `npm run bench` (full, < 5 min) and `npm run bench:smoke` (~10 s, invariants only).
// Starts its own stack, measures, prints a table, writes bench/results.json + bench/REPORT.md
// (smoke: bench/out/smoke-results.json). Method: bench/README.md.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login } from './api';
import { p6Cards } from './p6-cards';
import { p5CouponOrders, p8CouponClaims } from './coupons';
import { p9Graph } from './p9-graph';
import { p4tFlashSale } from './flash';
import { p7Bargains } from './bargains';
import { compare, ratio } from './load';
import { renderReport, renderTable } from './report';
import {
  BASELINE,
  OPS,
  PROFILES,
  type FlashSale,
  type Figure,
  ordersAvailable,
  p1ProductPage,
  p1vPickerPage,
  p2Redirect,
  p3GroupJoins,
  p4Figures,
  p4FlashSale,
  round,
  statementsPerOrder,
  unavailable,
} from './scenarios';
import { benchVars, buildBundle, outDir, root, rssBytes, sampleRss, serveOnWorkerd, serveOnWranglerDev, startDb, type WorkerdServer } from './stack';

const smoke = process.argv.includes('--smoke');
/**
 * `--only P6,P1` (or BENCH_ONLY=P6,P1) runs just the scenarios whose names start with one of
 * these, for investigating a figure; the stack and the bundle are still set up. A partial run
 * writes bench/out/only-results.json, never the committed snapshot.
 */
const onlyArg = process.argv.find((a, i) => a.startsWith('--only=') || process.argv[i - 1] === '--only');
const only = (onlyArg?.replace(/^--only=/, '') ?? process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const selected = (name: string) => only.length === 0 || only.some((p) => name.startsWith(p));
const prof = PROFILES[smoke ? 'smoke' : 'full'];
const started = Date.now();
const step = (m: string) => console.log(`\x1b[36m▸\x1b[0m [${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${m}`);

const cleanups: (() => Promise<void>)[] = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error('cleanup:', e instanceof Error ? e.message : e));
  step('stopped');
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().then(() => process.exit(130)));

const figures: Figure[] = [];
const failures: string[] = [];

/** Runs a scenario; a crash becomes a failed figure instead of ending the bench. */
async function scenario<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  if (!selected(name)) return undefined;
  step(name);
  try {
    return await fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    failures.push(`${name}: ${msg}`);
    figures.push({ id: `${name.split(' ')[0]}.error`, label: name, value: null, unit: '', target: null, met: false, status: 'failed', note: msg.slice(0, 500) });
    console.error(`  ✗ ${name} failed: ${msg}`);
    return undefined;
  }
}

async function startServer(db: Awaited<ReturnType<typeof startDb>>['db'], bundle: Awaited<ReturnType<typeof buildBundle>>, shards: number): Promise<WorkerdServer> {
  const server = await serveOnWorkerd(bundle, benchVars(db, { STOCK_SHARDS: String(shards) }), path.join(outDir, `state-${shards}`));
  cleanups.push(() => server.stop());
  if (server.socketOwner?.comm !== 'workerd') {
    throw new Error(`the bench socket is owned by ${JSON.stringify(server.socketOwner)}, not workerd: a proxy is on the request path`);
  }
  return server;
}

async function main() {
  step(`profile ${prof.name}: starting embedded Postgres, migrating, seeding`);
  const { db } = await startDb((m) => step(m));
  cleanups.push(() => db.stop());
  const queries = () => db.queries!.statements;

  step('building the Worker bundle (wrangler deploy --dry-run --outdir)');
  const bundle = await buildBundle();
  figures.push({
    id: 'P5.bundleGzip',
    label: 'P5 Worker bundle, gzipped',
    value: round(bundle.gzipBytes / 1024, 1),
    unit: 'KiB',
    target: '< 400 KiB',
    met: bundle.gzipBytes < 400 * 1024,
    status: 'measured',
    detail: { files: bundle.files, rawKiB: round(bundle.rawBytes / 1024, 1), gzipBytes: bundle.gzipBytes },
  });
  figures.push({
    id: 'P6.cardsBundleGzip',
    label: 'P6 card renderer Worker bundle (satori, resvg, font), gzipped',
    value: round(bundle.cardsGzipBytes / 1024, 1),
    unit: 'KiB',
    target: '< 3072 KiB (Workers Free limit)',
    met: bundle.cardsGzipBytes < 3072 * 1024,
    status: 'measured',
  });

  step('serving the bundle on workerd (direct socket)');
  let server = await startServer(db, bundle, 1);
  step(`  ${server.url} — listening socket owned by pid ${server.socketOwner?.pid} (${server.socketOwner?.comm})`);
  const idleRss = server.pids().reduce((sum, pid) => sum + rssBytes(pid), 0);
  const rss = sampleRss(server.pids);
  const ops = await login(server.url, OPS.email, OPS.password);

  const p1 = await scenario('P1 product page vs baseline', () => p1ProductPage(server.url, prof, queries));
  if (p1) figures.push(...p1.figures);
  const baselineRps = p1?.baseline.rps ?? NaN;

  const p1v = await scenario('P1v product page with a variant picker vs baseline', () => p1vPickerPage(server.url, prof, queries));
  if (p1v) figures.push(...p1v);

  const p2 = await scenario('P2 redirect vs baseline', () => p2Redirect(server.url, prof, queries));
  if (p2) figures.push(...p2);

  const p3 = await scenario('P3 group joins: GroupBuy vs Postgres', () => p3GroupJoins(server.url, prof, ops, baselineRps));
  if (p3) figures.push(...p3);

  figures.push(...((await scenario('P6 share cards: cold and cached', () => p6Cards(server.url, prof, server.pids))) ?? []));
  figures.push(...((await scenario('P9 invitation graph of 1,000 sellers', () => p9Graph(server.url, prof))) ?? []));
  figures.push(...((await scenario('P7 bargain helpers', () => p7Bargains(server.url, prof, ops, benchVars(db).JWT_KEYS!))) ?? []));

  const haveOrders = await ordersAvailable(server.url);
  const sales: FlashSale[] = [];
  if (haveOrders) {
    const one = await scenario('P4 flash sale, 1 shard', () => p4FlashSale(server.url, prof, ops, 1, queries));
    if (one) sales.push(one);
    const oneV = await scenario('P4v flash sale on one variant of 12, 1 shard', () => p4FlashSale(server.url, prof, ops, 1, queries, true));
    if (oneV) sales.push(oneV);
    figures.push(...((await scenario('P4t flash sale (秒杀) at its start', () => p4tFlashSale(server.url, prof, ops, queries, baselineRps))) ?? []));
    const per = await scenario('P5 statements per order', () => statementsPerOrder(server.url, prof, ops, queries));
    if (per) figures.push(per);
    figures.push(...[(await scenario('P5 statements per order with a coupon', () => p5CouponOrders(server.url, prof, ops, queries))) ?? []].flat());
    figures.push(...((await scenario('P8 coupon claims', () => p8CouponClaims(server.url, prof, ops, queries))) ?? []));
  } else {
    step('P4 flash sale: POST /api/orders does not exist yet — skipped');
  }

  const peak = rss.stop();
  figures.push({
    id: 'P5.memory',
    label: 'P5 workerd peak memory under load (RSS)',
    value: round(peak / 2 ** 20, 1),
    unit: 'MiB',
    target: null,
    met: null,
    status: 'measured',
    detail: { peakMiB: round(peak / 2 ** 20, 1), idleMiB: round(idleRss / 2 ** 20, 1), sampledEveryMs: 100, processes: server.pids().length },
    note: `peak ${round(peak / 2 ** 20, 1)} MiB = ${round(peak / Math.max(1, idleRss))}× the idle ${round(idleRss / 2 ** 20, 1)} MiB, sampled from /proc every 100 ms over P1–P4`,
  });

  if (prof.wranglerDev && selected('wrangler dev')) {
    await scenario('wrangler dev vs workerd direct (baseline route)', async () => {
      const wd = await serveOnWranglerDev(benchVars(db));
      cleanups.push(() => wd.stop());
      const spec = (url: string) => ({ url, path: BASELINE, connections: prof.connections });
      const { a, b, rpsRatio, p99Ratio } = await compare(spec(server.url), spec(wd.url), { rounds: 3, seconds: prof.seconds, warmupSeconds: prof.warmupSeconds });
      await wd.stop();
      cleanups.pop();
      figures.push(
        {
          id: 'DEV.throughput',
          label: 'What wrangler dev adds: baseline through wrangler dev ÷ workerd direct, throughput',
          value: round(rpsRatio, 3),
          unit: '×',
          target: null,
          met: null,
          status: 'measured',
          detail: { workerdRps: Math.round(a.rps), wranglerDevRps: Math.round(b.rps), statuses: b.statuses },
        },
        {
          id: 'DEV.p99',
          label: 'What wrangler dev adds: p99 latency, wrangler dev ÷ workerd direct',
          value: round(p99Ratio),
          unit: '×',
          target: null,
          met: null,
          status: 'measured',
          detail: { workerdP99Ms: round(a.p99Ms), wranglerDevP99Ms: round(b.p99Ms) },
        },
      );
    });
  }

  const fourShards = ['P4 flash sale, 4 shards', 'P4v flash sale on one variant of 12, 4 shards'];
  if (haveOrders && fourShards.some(selected)) {
    await server.stop();
    cleanups.pop();
    server = await startServer(db, bundle, 4);
    const ops4 = await login(server.url, OPS.email, OPS.password);
    const four = await scenario(fourShards[0]!, () => p4FlashSale(server.url, prof, ops4, 4, queries));
    if (four) sales.push(four);
    const fourV = await scenario(fourShards[1]!, () => p4FlashSale(server.url, prof, ops4, 4, queries, true));
    if (fourV) sales.push(fourV);
  }
  if (haveOrders) {
    figures.push(...p4Figures(prof, sales, baselineRps));
  } else {
    figures.push(
      unavailable('P4.exact.1', `P4 flash sale: exactly ${prof.orderStock} of ${prof.orderAttempts} orders succeed (1 and 4 shards)`, 'orders', `= ${prof.orderStock}`),
      unavailable('P4.rate', 'P4 flash sale: orders/s and p99, 1 vs 4 stock shards', '×', null),
      unavailable('P5.queriesPerOrder', 'P5 Postgres statements per order', 'statements', null),
    );
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const results = {
    command: (smoke ? 'npm run bench:smoke' : 'npm run bench') + (only.length ? ` -- --only ${only.join(',')}` : ''),
    profile: prof,
    startedAt: new Date(started).toISOString(),
    seconds,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavgAtEnd: os.loadavg().map((x) => round(x)), node: process.version },
    git: gitDescribe(),
    server: { kind: 'workerd via miniflare (direct socket)', socketOwner: server.socketOwner?.comm },
    figures,
    failures,
  };
  const table = renderTable(figures);
  console.log(`\n${table}\n`);
  const notes = figures.filter((f) => f.met === false || f.status !== 'measured');
  if (notes.length) {
    console.log('Closing notes:');
    for (const f of notes) console.log(`  - ${f.id}: ${f.note ?? f.status}`);
  }
  if (smoke || only.length) {
    const file = smoke ? 'smoke-results.json' : 'only-results.json';
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, file), JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote bench/out/${file}`);
  } else {
    fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    fs.writeFileSync(path.join(root, 'bench', 'REPORT.md'), renderReport(results));
    console.log('\nwrote bench/results.json and bench/REPORT.md');
  }
  console.log(`done in ${seconds}s`);

  // Invariants hold in every profile; timing targets are reported, never asserted.
  const invariants = ['P7.exact', 'P7.floor', 'P3.overfill', 'P4.exact.1', 'P4.exact.4', 'P4v.exact.1', 'P4v.exact.4', 'P4v.siblings.1', 'P4v.siblings.4', 'P5.queriesPerPageView', 'P1v.queriesPerPageView', 'P8.exact', 'P8.refusalStatements'];
  const broken = figures.filter((f) => invariants.includes(f.id) && f.met === false);
  if (failures.length || broken.length) {
    console.error(`\nbench: ${failures.length} scenario failure(s), ${broken.length} broken invariant(s): ${[...failures, ...broken.map((f) => f.id)].join('; ')}`);
    process.exitCode = 1;
  }
}

function gitDescribe(): string | undefined {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

main()
  .catch((e) => {
    console.error('bench failed:', e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    process.exit(); // autocannon and miniflare can leave handles that keep the loop alive
  });
