// Browser tests run against the real local stack: embedded Postgres, the seed, wrangler dev.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local-db';
import { startStack } from '../../scripts/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const tag = `${process.pid}-${Date.now()}`;
  const dataDir = path.join(os.tmpdir(), `pinlink-e2e-pg-${tag}`);
  const persistTo = path.join(os.tmpdir(), `pinlink-e2e-state-${tag}`);
  const log: string[] = [];
  const stack = await startStack({ port: await freePort(), dataDir, persistTo, output: (t) => log.push(t) }).catch((e) => {
    console.error(log.join(''));
    throw e;
  });
  project.provide('e2eBaseUrl', stack.baseUrl);
  return async () => {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(persistTo, { recursive: true, force: true });
  };
}
