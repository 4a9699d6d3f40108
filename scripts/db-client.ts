// A Node-side drizzle client over @neondatabase/serverless, used by migrate and seed.
// With LOCAL_DB_PROXY it goes through the local WebSocket proxy; otherwise straight to Neon.
import { Pool, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import ws from 'ws';
import * as schema from '../workers/storage/schema/index';

export function nodeDb(databaseUrl: string, localProxy?: string) {
  neonConfig.webSocketConstructor = ws;
  if (localProxy) {
    neonConfig.wsProxy = () => `${localProxy}/v1`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: databaseUrl });
  pool.on('error', (e: Error) => console.error('postgres pool error:', e.message));
  return { db: drizzle(pool, { schema }), pool };
}
