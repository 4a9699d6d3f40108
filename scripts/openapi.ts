// Writes the API's OpenAPI document (what /openapi.json serves) to a file, for linting and client generation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Loaded by path, not imported: the Worker's modules are typechecked by the root tsconfig, not this one.
const WORKER_APP = '../workers/app.ts';

/** The origin only fills `servers`; the rest of the document does not depend on it. */
export async function openApiDocument(origin = 'https://pinlink.example'): Promise<Record<string, unknown>> {
  const mod = (await import(WORKER_APP)) as { openApiDocument: (origin: string) => Record<string, unknown> };
  return mod.openApiDocument(origin);
}

export async function writeOpenApiDocument(out: string): Promise<string> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(await openApiDocument(), null, 2) + '\n');
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeOpenApiDocument(process.argv[2] ?? '.wrangler/openapi.json').then((out) => console.log(`openapi: wrote ${out}`));
}
