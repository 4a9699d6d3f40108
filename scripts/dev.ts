// `npm run dev`: Postgres (embedded, or DATABASE_URL), the WebSocket proxy, migrations,
// the idempotent seed, the browser islands, then `wrangler dev` on $PORT (default 8787).
// Ctrl-C or SIGTERM stops all of it, Postgres included.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web';
import { readEnvFile } from './env-file';
import { defaultDataDir, startLocalDb, type LocalDb } from './local-db';
import { applyMigrations } from './migrate';
import { DEMO_SELLER_PASSWORD, DEMO_SELLERS, seedDemo, seedOps } from './seed';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const port = Number(process.env.PORT || 8787);
const step = (m: string) => console.log(`\x1b[36m▸\x1b[0m ${m}`);

async function main() {
  const devVars = path.join(root, '.dev.vars');
  if (!fs.existsSync(devVars)) {
    fs.copyFileSync(path.join(root, '.dev.vars.example'), devVars);
    step('created .dev.vars from .dev.vars.example');
  }
  const vars = { ...readEnvFile(devVars), ...pick(process.env, ['OPS_EMAIL', 'OPS_PASSWORD']) };
  const opsEmail = vars.OPS_EMAIL || 'ops@pinlink.local';
  const opsPassword = vars.OPS_PASSWORD || 'pinlink-ops-dev';

  let local: LocalDb | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  let proxy: string | undefined;
  let child: ChildProcess | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    step('stopping…');
    if (child && child.exitCode === null) {
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { child.kill('SIGTERM'); }
      await new Promise((r) => { child!.once('exit', r); setTimeout(r, 5000); });
    }
    if (local) await local.stop().catch((e) => console.error('postgres stop failed:', e));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (fresh) {
    step('--fresh: wiping local Postgres data and local Worker state');
    fs.rmSync(path.join(root, '.wrangler', 'state'), { recursive: true, force: true });
  }
  if (databaseUrl) {
    step('using DATABASE_URL (no embedded Postgres)');
  } else {
    const dataDir = process.env.PINLINK_PG_DIR || defaultDataDir('dev');
    step(`starting embedded Postgres (data in ${dataDir})`);
    local = await startLocalDb({ dataDir, fresh, log: (m) => step(m) });
    databaseUrl = local.url;
    proxy = local.proxy;
  }
  step('applying migrations');
  await applyMigrations(databaseUrl, proxy);
  step('seeding ops account and demo data');
  await seedOps(databaseUrl, proxy, opsEmail, opsPassword);
  const seeded = await seedDemo(databaseUrl, proxy);
  // Snapshots are a cache of Postgres: drop them so they are rebuilt from what was just seeded.
  fs.rmSync(path.join(root, '.wrangler', 'state', 'v3', 'kv'), { recursive: true, force: true });
  step('building browser islands');
  await buildWeb();

  step(`starting wrangler dev on port ${port}`);
  const wranglerArgs = [
    'wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false',
    '--var', `DATABASE_URL:${databaseUrl}`, '--var', 'ENVIRONMENT:development',
    ...(proxy ? ['--var', `LOCAL_DB_PROXY:${proxy}`] : []),
  ];
  child = spawn('npx', wranglerArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  let announced = false;
  child.stdout!.on('data', (d: Buffer) => {
    const text = d.toString();
    process.stdout.write(text.replace(new RegExp(escapeRe(databaseUrl!), 'g'), '<DATABASE_URL>'));
    if (!announced && /Ready on/.test(text)) {
      announced = true;
      const base = `http://localhost:${port}`;
      console.log(`
\x1b[1mPinlink is running\x1b[0m  (${seeded.products} demo products, ${seeded.sellers} demo sellers)
  Storefront   ${base}/
  Seller page  ${base}/@${DEMO_SELLERS[0].handle}   ${base}/@${DEMO_SELLERS[1].handle}
  API docs     ${base}/openapi.json
  Health       ${base}/healthz
  Ops login    ${opsEmail} / ${opsPassword === 'pinlink-ops-dev' ? opsPassword : '(OPS_PASSWORD)'}
  Seller login ${DEMO_SELLERS.map((s) => s.email).join(', ')} / ${DEMO_SELLER_PASSWORD}
Press Ctrl-C to stop.`);
    }
  });
  child.on('exit', (code) => void stop(code ?? 1));
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]!]));
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

main().catch((e) => {
  console.error('dev failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
