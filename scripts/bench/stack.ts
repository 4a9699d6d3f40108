// The bench's local stack: embedded Postgres + counting WebSocket proxy, migrations, seed,
// the Worker bundle that `wrangler deploy --dry-run` writes, served by workerd directly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { buildWeb } from '../build-web';
import { buildCardsWorker, cardsWorkerOptions } from '../cards-worker';
import { readEnvFile } from '../env-file';
import { freePort, startLocalDb, type LocalDb } from '../local-db';
import { applyMigrations } from '../migrate';
import { seedDemo, seedOps } from '../seed';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = path.join(root, 'bench', 'out');

/** The Worker's vars for every bench server: local-dev defaults, bench routes on. */
export function benchVars(db: LocalDb, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...readEnvFile(path.join(root, '.dev.vars.example')),
    ENVIRONMENT: 'development',
    DATABASE_URL: db.url,
    LOCAL_DB_PROXY: db.proxy,
    BENCH_ROUTES: '1',
    ...extra,
  };
}

export async function startDb(log: (m: string) => void): Promise<{ db: LocalDb; dataDir: string }> {
  const dataDir = path.join(os.tmpdir(), `pinlink-bench-pg-${process.pid}`);
  // Order bursts open many connections at once; the counter sees every statement.
  const db = await startLocalDb({ dataDir, fresh: true, persistent: false, countQueries: true, maxConnections: 2100, log });
  await applyMigrations(db.url, db.proxy);
  const vars = readEnvFile(path.join(root, '.dev.vars.example'));
  await seedOps(db.url, db.proxy, vars.OPS_EMAIL ?? 'ops@pinlink.local', vars.OPS_PASSWORD ?? 'pinlink-ops-dev');
  await seedDemo(db.url, db.proxy);
  return { db, dataDir };
}

export interface Bundle {
  dir: string;
  main: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  /** The card renderer Worker's bundle (a separate Worker; not part of the P5 figure). */
  cardsDir: string;
  cardsGzipBytes: number;
}

/** The exact artifact `wrangler deploy` would upload, and its gzipped size (P5). */
export async function buildBundle(): Promise<Bundle> {
  const dir = path.join(outDir, 'bundle');
  fs.rmSync(dir, { recursive: true, force: true });
  await buildWeb(); // wrangler refuses a config whose assets directory is missing
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir, '--define', '__PINLINK_BENCH_BUILD__:true'], { cwd: root });
  const files = fs.readdirSync(dir).filter((f) => /\.(m?js|wasm|bin|txt|html|sql)$/.test(f) && fs.statSync(path.join(dir, f)).isFile());
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f));
    rawBytes += buf.length;
    gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
  }
  const main = path.join(dir, 'index.js');
  if (!fs.existsSync(main)) throw new Error(`wrangler did not write ${main}`);
  const cardsDir = buildCardsWorker(path.join(outDir, 'cards-bundle'));
  const cardsGzipBytes = fs
    .readdirSync(cardsDir)
    .filter((f) => /\.(js|wasm|otf)$/.test(f))
    .reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(cardsDir, f)), { level: 9 }).length, 0);
  return { dir, main, files, rawBytes, gzipBytes, cardsDir, cardsGzipBytes };
}

export interface WorkerdServer {
  url: string;
  /** Pid of the process that owns the listening socket (must be workerd). */
  socketOwner: { pid: number; comm: string } | undefined;
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * Serves the bundle with workerd through miniflare's programmatic API, on a direct socket:
 * a workerd listening socket bound straight to the user Worker (no Node hop, no miniflare
 * entry worker). Bindings come from wrangler.toml via wrangler's own converter, so objects
 * and KV namespaces added later are picked up without touching the bench.
 */
export async function serveOnWorkerd(bundle: Bundle, vars: Record<string, string>, persistDir: string): Promise<WorkerdServer> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(root, 'wrangler.toml'));
  // Every binding wrangler derives from wrangler.toml (objects, KV, and whatever is added later),
  // except the static-assets one: with it, miniflare puts its asset router in front of the direct
  // socket, and none of the measured paths is a static file. Cron triggers are not needed either.
  const { assets: _assets, cronTriggers: _crons, rootPath: _root, ...fromConfig } = workerOptions as Record<string, unknown>;
  const port = await freePort();
  fs.rmSync(persistDir, { recursive: true, force: true });
  const options = {
    ...fromConfig,
    name: 'pinlink',
    modules: [{ type: 'ESModule' as const, path: bundle.main, contents: fs.readFileSync(bundle.main, 'utf8') }],
    modulesRoot: bundle.dir,
    bindings: { ...(workerOptions.bindings as Record<string, string>), ...vars },
    unsafeDirectSockets: [{ host: '127.0.0.1', port }],
  };
  // The share-card renderer Worker, built as it deploys, behind the CARD_RENDERER binding.
  const all = {
    workers: [options, cardsWorkerOptions(bundle.cardsDir)],
    defaultPersistRoot: persistDir,
    kvPersist: true,
    durableObjectsPersist: true,
  };
  const mf = new Miniflare(convertV4MiniflareOptions(all as unknown as Parameters<typeof convertV4MiniflareOptions>[0]));
  await mf.ready;
  const url = `http://127.0.0.1:${port}`;
  const pids = () => descendants(process.pid).filter((p) => comm(p) === 'workerd');
  return {
    url,
    socketOwner: listeningSocketOwner(port, pids()),
    pids,
    stop: () => mf.dispose(),
  };
}

/** `wrangler dev` on the same bundle inputs, for "what wrangler dev adds". */
export async function serveOnWranglerDev(vars: Record<string, string>): Promise<{ url: string; pids(): number[]; stop(): Promise<void> }> {
  const port = await freePort();
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn('npx', ['wrangler', 'dev', '-c', 'wrangler.toml', '-c', 'wrangler.cards.toml', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--persist-to', path.join(outDir, 'wrangler-state'), ...varArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const until = Date.now() + 90_000;
  while (!/Ready on/.test(out)) {
    if (child.exitCode !== null || Date.now() > until) {
      stopGroup(child);
      throw new Error(`wrangler dev did not start:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `http://127.0.0.1:${port}`;
  // wrangler reports ready before the first request compiles; wait for a real answer.
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/__bench/baseline`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pids: () => descendants(child.pid!).filter((p) => comm(p) === 'workerd'),
    stop: async () => {
      stopGroup(child);
      await new Promise((r) => {
        if (child.exitCode !== null) return r(null);
        child.once('exit', r);
        setTimeout(r, 5000);
      });
    },
  };
}

function stopGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

// ---- /proc helpers: process tree, RSS, socket ownership ----

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const stack = [rootPid];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

export function rssBytes(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the summed RSS of the given processes until stopped; returns the peak. */
export function sampleRss(pids: () => number[], everyMs = 100): { stop(): number } {
  let peak = 0;
  const tick = () => {
    const total = pids().reduce((s, p) => s + rssBytes(p), 0);
    if (total > peak) peak = total;
  };
  tick();
  const t = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(t);
      tick();
      return peak;
    },
  };
}

function listeningSocketOwner(port: number, candidates: number[]): { pid: number; comm: string } | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1]!.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const pid of [...candidates, process.pid]) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
        if (m && inodes.has(m[1]!)) return { pid, comm: pid === process.pid ? 'node (bench)' : comm(pid) };
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return undefined;
}

function run(cmd: string, args: string[], opts: { cwd: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${out.slice(-2000)}`))));
  });
}
