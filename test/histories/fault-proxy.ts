// The Postgres the history tests reach sits behind this WebSocket→TCP proxy (the same wire path
// as scripts/local-db.ts), which can be told to fail: `down` refuses every connection and cuts
// the open ones (from the Worker's side Postgres is stopped), `drop` cuts the open connections
// once and lets new ones through, `up` heals. Tests in workerd steer it over a small HTTP port.
import http from 'node:http';
import net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type FaultMode = 'up' | 'down';

export async function startFaultProxy(pgPort: number) {
  let mode: FaultMode = 'up';
  const open = new Set<{ ws: WebSocket; sock: net.Socket }>();
  const cutAll = () => {
    for (const c of open) {
      c.sock.destroy();
      c.ws.terminate();
    }
    open.clear();
  };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    if (mode === 'down') {
      ws.terminate();
      return;
    }
    const sock = net.connect(pgPort, '127.0.0.1');
    sock.setNoDelay(true);
    const conn = { ws, sock };
    open.add(conn);
    sock.on('data', (d) => ws.readyState === ws.OPEN && ws.send(d));
    sock.on('error', () => ws.close());
    sock.on('close', () => {
      open.delete(conn);
      ws.close();
    });
    ws.on('message', (d) => sock.write(d as Buffer));
    ws.on('close', () => sock.end());
    ws.on('error', () => sock.destroy());
  });

  const control = http.createServer((req, res) => {
    const action = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    if (action === 'down') {
      mode = 'down';
      cutAll();
    } else if (action === 'drop') cutAll();
    else if (action === 'up') mode = 'up';
    else if (action !== 'status') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mode, open: open.size }));
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));

  return {
    proxy: `127.0.0.1:${(wss.address() as net.AddressInfo).port}`,
    control: `http://127.0.0.1:${(control.address() as net.AddressInfo).port}`,
    close: async () => {
      cutAll();
      await new Promise<void>((r) => control.close(() => r()));
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
