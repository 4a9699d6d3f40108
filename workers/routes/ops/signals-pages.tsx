// /ops/signals: the referral fraud signals and the held commissions ops decide on. Forms post
// without JavaScript, from our own origin only, to the same verb as POST /api/ops/signals/….
import { Hono } from 'hono';
import { ApiError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { OpsSignalsPage, SIGNAL_FILTERS, type SignalFilter } from '../../pages/ops/signals';
import { decideHeldOrder, listSignals } from '../../services/trust/fraud-decisions';
import { html } from '../html';
import { actorOf, pageMeta, sameOrigin, type C } from './page-helpers';

const meta = (c: C) => pageMeta(c, messagesOf(c).signals.title);

const filterOf = (v: string | undefined): SignalFilter => (SIGNAL_FILTERS as readonly string[]).includes(v ?? '') ? (v as SignalFilter) : 'open';

async function renderSignals(c: C, notice?: { ok: boolean; text: string }, status: 200 | 400 | 404 | 409 = 200) {
  const filter = filterOf(c.req.query('state'));
  const list = await listSignals(c.var.db(), { state: filter === 'all' ? undefined : filter, limit: 50, cursor: c.req.query('cursor')?.slice(0, 200) || undefined });
  return html(c, <OpsSignalsPage meta={meta(c)} filter={filter} items={list.items} nextCursor={list.nextCursor} notice={notice} />, status);
}

export const opsSignalPageRoutes = new Hono<Ctx>()
  .get('/ops/signals', (c) => {
    const t = messagesOf(c).signals;
    const order = c.req.query('decided');
    const n = Number(c.req.query('n') ?? '0');
    const as = c.req.query('as');
    const notice =
      order && IdSchema.safeParse(order).success && (as === 'release' || as === 'reverse')
        ? { ok: true, text: as === 'release' ? t.released(order, n) : t.reversed(order, n) }
        : undefined;
    return renderSignals(c, notice);
  })
  .post('/ops/signals/:orderId/:decision{release|reverse}', sameOrigin, async (c) => {
    const t = messagesOf(c).signals;
    const orderId = c.req.param('orderId');
    const decision = c.req.param('decision') as 'release' | 'reverse';
    if (!IdSchema.safeParse(orderId).success) return renderSignals(c, { ok: false, text: t.notFound }, 404);
    try {
      const r = await decideHeldOrder(c.var.db(), c.env, { orderId, decision, actor: actorOf(c) });
      return c.redirect(`/ops/signals?state=open&decided=${orderId}&as=${decision}&n=${r.entries.length}`, 303);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      return renderSignals(c, { ok: false, text: e.code === 'not_found' ? t.notFound : t.nothingHeld }, e.code === 'not_found' ? 404 : 409);
    }
  });
