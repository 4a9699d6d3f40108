// A client generated from the OpenAPI document (openapi-typescript) must typecheck a small
// script that creates an order, and must refuse the same script with a wrong field.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = fs.readFileSync(path.join(root, 'scripts', 'fixtures', 'create-order-client.ts'), 'utf8');
let dir: string;

function typecheck(source: string): { ok: boolean; output: string } {
  fs.writeFileSync(path.join(dir, 'create-order-client.ts'), source);
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlink-client-'));
  const docPath = path.join(dir, 'openapi.json');
  // The document exactly as `npm run check` lints it, written by the same script.
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'openapi.ts'), docPath], { cwd: root, stdio: 'pipe' });
  const ast = await openapiTS(new URL(`file://${docPath}`));
  fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(ast));
  const compilerOptions = { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true, skipLibCheck: false };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['api.d.ts', 'create-order-client.ts'] }));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('generated API client', () => {
  it('typechecks a script that creates an order and reads it back', () => {
    const r = typecheck(script);
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  }, 60_000);

  it('refuses the script with a field the API does not have', () => {
    const r = typecheck(script.replace('quantity: 1', 'qty: 1'));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/qty/);
  }, 60_000);
});
