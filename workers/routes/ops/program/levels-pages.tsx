// /ops/levels: list and create seller levels through the same audited verb as the API.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { LevelBody } from '../../../../shared/program/distribution-schemas';
import type { Ctx } from '../../../middleware';
import { levelsPageText, OpsLevelsPage } from '../../../pages/ops/program/levels';
import { createLevel, listLevelViews } from '../../../services/program/levels';
import { html } from '../../html';
import { actorOf, pageMeta, sameOrigin, str, type C } from '../page-helpers';

const num = (v: unknown) => (str(v) === '' ? undefined : Number(str(v)));

async function render(c: C, opts: { created?: boolean; error?: string } = {}, status: 200 | 400 | 409 = 200) {
  const levels = await listLevelViews(c.var.db());
  return html(c, <OpsLevelsPage meta={pageMeta(c, levelsPageText(c.var.lang).title)} levels={levels} {...opts} />, status);
}

export const opsLevelPageRoutes = new Hono<Ctx>()
  .get('/ops/levels', (c) => render(c, { created: c.req.query('done') === 'created' }))
  .post('/ops/levels', sameOrigin, async (c) => {
    const f = await c.req.parseBody();
    const sales = num(f.sales);
    const parsed = LevelBody.safeParse({
      name: str(f.name),
      rank: num(f.rank),
      boostBps: num(f.boostBps),
      upgrade: {
        ...(num(f.paidOrders) !== undefined ? { paidOrders: num(f.paidOrders) } : {}),
        ...(sales !== undefined ? { sales: { amount: Math.round(sales * 100), currency: 'CNY' } } : {}),
        ...(num(f.invitees) !== undefined ? { invitees: num(f.invitees) } : {}),
      },
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return render(c, { error: `${i?.path.join('.') || 'input'}: ${i?.message ?? 'invalid'}` }, 400);
    }
    try {
      await createLevel(c.var.db(), actorOf(c), parsed.data);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return render(c, { error: e.message }, 409);
      throw e;
    }
    return c.redirect('/ops/levels?done=created', 303);
  });
