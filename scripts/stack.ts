// The local stack as a library: Postgres (embedded, or a given DATABASE_URL), the WebSocket
// proxy, migrations, the idempotent seed, the browser islands and `wrangler dev`.
// Used by `npm run dev` and by the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web';
import { readEnvFile } from './env-file';
import { defaultDataDir, startLocalDb, type LocalDb } from './local-db';
import { applyMigrations } from './migrate';
import { seedDemo, seedOps } from './seed';
import { seedLiveDemo } from './seed/seed-live';
import { seedLiveAfterSales } from './seed/seed-after-sales';
import { seedLiveFlashSales } from './seed/seed-flash-sales';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StackOptions {
  port: number;
  fresh?: boolean;
  /** Use this database instead of starting an embedded one. */
  databaseUrl?: string;
  dataDir?: string;
  /** Where wrangler keeps local KV / Durable Object state. */
  persistTo?: string;
  /** Extra Worker vars (override .dev.vars). */
  vars?: Record<string, string>;
  step?: (message: string) => void;
  /** Receives wrangler's output, with the database URL masked. */
  output?: (text: string) => void;
}

export interface Stack {
  baseUrl: string;
  opsEmail: string;
  opsPassword: string;
  seeded: { products: number; sellers: number };
  /** Resolves when wrangler exits on its own. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

export function ensureDevVars(step: (m: string) => void): Record<string, string> {
  const devVars = path.join(root, '.dev.vars');
  if (!fs.existsSync(devVars)) {
    fs.copyFileSync(path.join(root, '.dev.vars.example'), devVars);
    step('created .dev.vars from .dev.vars.example');
  }
  return readEnvFile(devVars);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function startStack(opts: StackOptions): Promise<Stack> {
  const step = opts.step ?? (() => {});
  const fileVars = ensureDevVars(step);
  const opsEmail = process.env.OPS_EMAIL || fileVars.OPS_EMAIL || 'ops@pinlink.local';
  const opsPassword = process.env.OPS_PASSWORD || fileVars.OPS_PASSWORD || 'pinlink-ops-dev';
  const persistTo = opts.persistTo ?? path.join(root, '.wrangler', 'state');

  if (opts.fresh) {
    step('--fresh: wiping local Postgres data and local Worker state');
    fs.rmSync(persistTo, { recursive: true, force: true });
  }
  let local: LocalDb | undefined;
  let databaseUrl = opts.databaseUrl;
  let proxy: string | undefined;
  if (databaseUrl) {
    step('using DATABASE_URL (no embedded Postgres)');
  } else {
    const dataDir = opts.dataDir ?? defaultDataDir('dev');
    step(`starting embedded Postgres (data in ${dataDir})`);
    local = await startLocalDb({ dataDir, fresh: opts.fresh, log: step });
    databaseUrl = local.url;
    proxy = local.proxy;
  }
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    await local?.stop().catch((e) => console.error('postgres stop failed:', e));
  };
  try {
    step('applying migrations');
    await applyMigrations(databaseUrl, proxy);
    step('seeding ops account and demo data');
    await seedOps(databaseUrl, proxy, opsEmail, opsPassword);
    const seeded = await seedDemo(databaseUrl, proxy);
    step(seeded.history.skipped ? 'demo history already in place' : `demo history: ${seeded.history.orders} orders, ${seeded.history.entries} ledger entries in ${seeded.history.ms} ms`);
    // Snapshots are a cache of Postgres: drop them so they are rebuilt from what was just seeded.
    fs.rmSync(path.join(persistTo, 'v3', 'kv'), { recursive: true, force: true });
    step('building browser islands');
    await buildWeb();

    step(`starting wrangler dev on port ${opts.port}`);
    const vars: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      ENVIRONMENT: 'development',
      ...(proxy ? { LOCAL_DB_PROXY: proxy } : {}),
      ...opts.vars,
    };
    const args = ['wrangler', 'dev', '-c', 'wrangler.toml', '-c', 'wrangler.cards.toml', '--port', String(opts.port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--persist-to', persistTo];
    for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
    child = spawn('npx', args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    const mask = new RegExp(escapeRe(databaseUrl), 'g');
    const out = (d: Buffer) => opts.output?.(d.toString().replace(mask, '<DATABASE_URL>'));
    child.stdout!.on('data', out);
    child.stderr!.on('data', out);
    const exited = new Promise<number>((r) => child!.once('exit', (code) => r(code ?? 1)));
    const baseUrl = `http://localhost:${opts.port}`;
    await waitForHealthy(baseUrl, exited);
    if (!seeded.history.skipped) await seedLiveDemo(baseUrl, fileVars.PAYMENT_WEBHOOK_SECRET ?? '').catch((e) => step(`live demo orders skipped: ${e instanceof Error ? e.message : e}`));
    if (!seeded.history.skipped) {
      await seedLiveAfterSales(baseUrl, fileVars.PAYMENT_WEBHOOK_SECRET ?? '', { email: opsEmail, password: opsPassword }).catch((e) =>
        step(`demo after-sales skipped: ${e instanceof Error ? e.message : e}`),
      );
      await seedLiveFlashSales(baseUrl, { email: opsEmail, password: opsPassword }).catch((e) => step(`demo flash sales skipped: ${e instanceof Error ? e.message : e}`));
    }
    return { baseUrl, opsEmail, opsPassword, seeded, exited, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitForHealthy(baseUrl: string, exited: Promise<number>) {
  let dead = false;
  void exited.then(() => (dead = true));
  const until = Date.now() + 90_000;
  while (Date.now() < until && !dead) {
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(dead ? 'wrangler dev exited during start-up' : 'the Worker did not become healthy within 90 s');
}
