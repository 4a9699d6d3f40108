// A WebSocket→TCP proxy in front of the test Postgres (the same wire path as scripts/local-db.ts)
// that can be told to fail: `down` refuses every connection and cuts the open ones (from the
// Worker's side Postgres is stopped), `drop` cuts the open connections once and lets new ones
// through, `up` heals. Tests in workerd steer it over a small HTTP port.
//
// For one test file among many running at once: a pool whose proxy address ends in `/t/<tag>`
// has its connections tagged, and `?tag=<tag>` limits `drop`, `up` and `status` to them.
// `hold?tag=<tag>&match=a,b` keeps back Postgres's answers on each of them that sends a statement
// containing one of the strings, so a test can cut connections whose queries are in flight.
import http from 'node:http';
import net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type FaultMode = 'up' | 'down';

interface Conn {
  ws: WebSocket;
  sock: net.Socket;
  tag: string | undefined;
  /** Answers kept back while the connection is held. */
  held?: Buffer[];
}

export async function startFaultProxy(pgPort: number) {
  let mode: FaultMode = 'up';
  const holds = new Map<string, string[]>();
  const open = new Set<Conn>();
  const ofTag = (tag: string | null) => [...open].filter((c) => tag === null || c.tag === tag);
  const cut = (conns: Conn[]) => {
    for (const c of conns) {
      c.sock.destroy();
      c.ws.terminate();
      open.delete(c);
    }
  };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws, req) => {
    if (mode === 'down') {
      ws.terminate();
      return;
    }
    const sock = net.connect(pgPort, '127.0.0.1');
    sock.setNoDelay(true);
    const conn: Conn = { ws, sock, tag: /^\/t\/([^/]+)\//.exec(req.url ?? '')?.[1] };
    open.add(conn);
    sock.on('data', (d) => {
      if (conn.held) conn.held.push(d);
      else if (ws.readyState === ws.OPEN) ws.send(d);
    });
    sock.on('error', () => ws.close());
    sock.on('close', () => {
      open.delete(conn);
      ws.close();
    });
    ws.on('message', (d) => {
      const chunk = d as Buffer;
      const matches = conn.tag !== undefined ? holds.get(conn.tag) : undefined;
      if (!conn.held && matches?.length) {
        const text = chunk.toString('latin1');
        if (matches.some((m) => text.includes(m))) conn.held = [];
      }
      sock.write(chunk);
    });
    ws.on('close', () => sock.end());
    ws.on('error', () => sock.destroy());
  });

  const release = (conns: Conn[]) => {
    for (const c of conns) {
      const held = c.held;
      c.held = undefined;
      for (const d of held ?? []) if (c.ws.readyState === c.ws.OPEN) c.ws.send(d);
    }
  };
  const control = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const action = url.pathname.slice(1);
    const tag = url.searchParams.get('tag');
    if (action === 'down') {
      mode = 'down';
      cut(ofTag(null));
    } else if (action === 'drop') cut(ofTag(tag));
    else if (action === 'up') {
      if (tag === null) {
        mode = 'up';
        holds.clear();
      } else holds.delete(tag);
      release(ofTag(tag));
    } else if (action === 'hold' && tag !== null) holds.set(tag, (url.searchParams.get('match') ?? '').split(',').filter(Boolean));
    else if (action !== 'status') {
      res.writeHead(404).end();
      return;
    }
    const mine = ofTag(tag);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mode, open: mine.length, held: mine.filter((c) => c.held).length }));
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));

  return {
    proxy: `127.0.0.1:${(wss.address() as net.AddressInfo).port}`,
    control: `http://127.0.0.1:${(control.address() as net.AddressInfo).port}`,
    close: async () => {
      cut(ofTag(null));
      await new Promise<void>((r) => control.close(() => r()));
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
