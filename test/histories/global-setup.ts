// The history tests get their own Postgres (so a Postgres fault never reaches another test
// file) behind a proxy that can be failed on purpose (test/fault-proxy.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalDb } from '../../scripts/local-db';
import { buildCardsWorker } from '../../scripts/cards-worker';
import { applyMigrations } from '../../scripts/migrate';
import { seedOps } from '../../scripts/seed';
import { TEST_BINDINGS } from '../bindings';
import { startFaultProxy } from '../fault-proxy';

export default async function setup(project: TestProject) {
  const dataDir = path.join(os.tmpdir(), `pinlink-hist-pg-${process.pid}-${Date.now()}`);
  const db = await startLocalDb({ dataDir, persistent: false });
  await applyMigrations(db.url, db.proxy);
  await seedOps(db.url, db.proxy, TEST_BINDINGS.OPS_EMAIL, TEST_BINDINGS.OPS_PASSWORD);
  const faulty = await startFaultProxy(db.pgPort);
  // The card renderer behind CARD_RENDERER; its own build folder, as the worker project builds at the same time.
  project.provide('cardsDist', buildCardsWorker(path.resolve('.wrangler', 'cards-dist-histories')));
  project.provide('databaseUrl', db.url);
  project.provide('dbProxy', faulty.proxy);
  project.provide('faultControl', faulty.control);
  return async () => {
    await faulty.close();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
