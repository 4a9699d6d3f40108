// Applies migrations/ to DATABASE_URL (a Neon branch or the local embedded Postgres).
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeDb } from './db-client';
import { copyLegacyRefundRequests } from '../workers/storage/orders/refunds-repo';
import type { Db } from '../workers/storage/db';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export async function applyMigrations(databaseUrl: string, localProxy?: string): Promise<void> {
  const { db, pool } = nodeDb(databaseUrl, localProxy);
  try {
    await migrate(db, { migrationsFolder });
    // Data moves live in code, not in migrations: refunds decided before after-sales join the outbox.
    await copyLegacyRefundRequests(db as unknown as Db);
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. For local dev, `npm run dev` migrates for you.');
    process.exit(1);
  }
  console.log('applying migrations…');
  applyMigrations(url, process.env.LOCAL_DB_PROXY).then(
    () => console.log('migrations applied'),
    (e) => { console.error('migration failed:', e.message); process.exit(1); },
  );
}
