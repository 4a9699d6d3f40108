// Builds the browser islands in web/src to web/dist, which the Worker serves as static assets.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'web', 'src');
const out = path.join(root, 'web', 'dist');

export async function buildWeb(): Promise<string[]> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'js'), { recursive: true });
  fs.cpSync(path.join(root, 'web', 'public'), out, { recursive: true });
  const entries = fs.existsSync(src) ? fs.readdirSync(src).filter((f) => /\.ts$/.test(f) && !f.endsWith('.test.ts')) : [];
  if (entries.length) {
    await build({
      entryPoints: entries.map((f) => path.join(src, f)),
      outdir: path.join(out, 'js'),
      bundle: true,
      format: 'esm',
      minify: true,
      target: 'es2020',
      logLevel: 'warning',
    });
  }
  return entries;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  buildWeb().then((e) => console.log(`web: built ${e.length} island(s) into web/dist`));
}
