// P9 (bench builds only, behind the same guard as the other /__bench routes): seed a network and
// time the invitation graph in the Worker, its statement and its render apart.
import { Hono } from 'hono';
import type { GraphSeller } from '../../../shared/program/invite-graph';
import { ApiError } from '../../../shared/errors';
import type { Ctx } from '../../middleware';
import { InviteGraph } from '../../pages/invite-graph';
import { createBenchNetwork, getBenchGraph } from '../../services/sellers/bench-network';

// The last graph read, per root: `?cached=1` renders it again without Postgres, so the request
// time of that route, less the baseline's, is the render alone even where the clock stands still.
const lastGraph = new Map<string, GraphSeller>();

export const benchGraphRoutes = new Hono<Ctx>()
  .post('/__bench/network', async (c) => {
    const body = await c.req.json<{ size?: unknown }>().catch(() => ({}) as { size?: unknown });
    const size = Number(body.size);
    if (!Number.isInteger(size) || size < 1 || size > 5000) throw new ApiError('invalid_input', 'size must be an integer 1..5000.');
    return c.json(await createBenchNetwork(c.var.db(), size), 201);
  })
  .get('/__bench/graph/:id', async (c) => {
    const id = c.req.param('id');
    const t0 = performance.now();
    let graph = c.req.query('cached') === '1' ? lastGraph.get(id) : undefined;
    if (!graph) {
      graph = await getBenchGraph(c.var.db(), id);
      lastGraph.clear();
      lastGraph.set(id, graph);
    }
    const t1 = performance.now();
    const html = String(await (<InviteGraph root={graph} />));
    const t2 = performance.now();
    c.header('Server-Timing', `db;dur=${(t1 - t0).toFixed(2)}, render;dur=${(t2 - t1).toFixed(2)}`);
    return c.html(html);
  });
