// Routes that exist only in bench builds (BENCH_ROUTES=1); everywhere else they are 404s.
// Not part of the API contract, so plain Hono routes, not in /openapi.json.
import { Hono } from 'hono';
import { ApiError } from '../../../shared/errors';
import type { Ctx } from '../../middleware';
import { benchGraphRoutes } from './bench-graph';
import { createBenchGroup, createBenchObjectGroup, getBenchGroup, joinBenchGroup, joinBenchObjectGroup } from '../../services/groups/bench-groups';

const bodies = new Map<number, string>();
const binaries = new Map<number, Uint8Array>();

export const benchRoutes = new Hono<Ctx>()
  .use('/__bench/*', async (c, next) => {
    if (c.env.BENCH_ROUTES !== '1') return c.notFound();
    await next();
  })
  // The bare baseline every bench figure is divided by: the same Worker and middleware, no work.
  .get('/__bench/baseline', (c) => c.text('ok'))
  .route('/', benchGraphRoutes)
  // The same for a burst of order-shaped POSTs (P4's baseline burst): reads the body, does nothing.
  .post('/__bench/baseline', async (c) => c.text((await c.req.text()).length > 0 ? 'ok' : 'empty'))
  // A fixed HTML body of n bytes: separates what a page costs for its size from its own work.
  // `?type=png` answers n bytes as image/png instead, for the share card (P6): HTML takes the
  // security headers' CSP and nonce pass, which a card never does.
  .get('/__bench/bytes/:n{[0-9]{1,6}}', (c) => {
    const n = Number(c.req.param('n'));
    if (c.req.query('type') === 'png') {
      let bin = binaries.get(n);
      if (!bin) binaries.set(n, (bin = new Uint8Array(n).fill(0x78)));
      return c.body(bin as unknown as ArrayBuffer, 200, { 'content-type': 'image/png' });
    }
    let body = bodies.get(n);
    if (!body) bodies.set(n, (body = 'x'.repeat(n)));
    return c.html(body);
  })
  .post('/__bench/do-groups', async (c) => {
    const body = await c.req.json<{ size?: unknown }>().catch(() => ({}) as { size?: unknown });
    const size = Number(body.size);
    if (!Number.isInteger(size) || size < 2 || size > 50) throw new ApiError('invalid_input', 'size must be an integer 2..50.');
    return c.json({ group: await createBenchObjectGroup(c.env, size) }, 201);
  })
  .post('/__bench/do-groups/:id/join', async (c) => {
    const body = await c.req.json<{ buyer?: unknown }>().catch(() => ({}) as { buyer?: unknown });
    if (typeof body.buyer !== 'string' || !/^[a-z0-9_-]{1,100}$/i.test(body.buyer)) throw new ApiError('invalid_input', 'buyer is required.');
    return c.json({ seat: await joinBenchObjectGroup(c.env, c.req.param('id'), body.buyer) }, 201);
  })
  .post('/__bench/pg-groups', async (c) => {
    const body = await c.req.json<{ size?: unknown }>().catch(() => ({}) as { size?: unknown });
    const size = Number(body.size);
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw new ApiError('invalid_input', 'size must be an integer 1..1000.');
    return c.json({ group: await createBenchGroup(c.var.db(), size) }, 201);
  })
  .get('/__bench/pg-groups/:id', async (c) => c.json({ group: await getBenchGroup(c.var.db(), c.req.param('id')) }))
  .post('/__bench/pg-groups/:id/join', async (c) => {
    const body = await c.req.json<{ buyer?: unknown }>().catch(() => ({}) as { buyer?: unknown });
    if (typeof body.buyer !== 'string' || body.buyer.length === 0 || body.buyer.length > 200) throw new ApiError('invalid_input', 'buyer is required.');
    return c.json({ seat: await joinBenchGroup(c.var.db(), c.req.param('id'), body.buyer) }, 201);
  });
