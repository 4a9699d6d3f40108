// The share-card renderer Worker (workers/cards, wrangler.cards.toml), built the way it deploys:
// `wrangler deploy --dry-run` writes its bundle (index.js, the satori/resvg wasm and the font as a
// Data module). Tests and the bench load that bundle into miniflare beside the storefront Worker,
// so the CARD_RENDERER service binding reaches the same code production runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CARDS_WORKER_NAME = 'pinlink-cards';
export const CARDS_CONFIG = path.join(root, 'wrangler.cards.toml');
const DEFAULT_OUT = path.join(root, '.wrangler', 'cards-dist');

export function buildCardsWorker(outDir = DEFAULT_OUT): string {
  fs.rmSync(outDir, { recursive: true, force: true });
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '-c', CARDS_CONFIG, '--outdir', outDir], { cwd: root, stdio: 'pipe' });
  return outDir;
}

type ModuleType = 'ESModule' | 'CompiledWasm' | 'Data';
const typeOf = (f: string): ModuleType | null => (f.endsWith('.js') ? 'ESModule' : f.endsWith('.wasm') ? 'CompiledWasm' : f.endsWith('.otf') ? 'Data' : null);

/** Miniflare worker options (V4 shape) for the built renderer; index.js first, as its entry. */
export function cardsWorkerOptions(outDir = DEFAULT_OUT) {
  const files = fs.readdirSync(outDir).filter((f) => typeOf(f) && !f.endsWith('.map'));
  files.sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
  return {
    name: CARDS_WORKER_NAME,
    compatibilityDate: '2026-11-01',
    compatibilityFlags: ['nodejs_compat'],
    modulesRoot: outDir,
    modules: files.map((f) => ({ type: typeOf(f)!, path: path.join(outDir, f), contents: fs.readFileSync(path.join(outDir, f)) })),
  };
}
