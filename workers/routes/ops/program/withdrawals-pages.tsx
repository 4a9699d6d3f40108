// The ops withdrawal queue page: each step posts to the same audited verb as the JSON API and
// redirects back to the queue with a plain-words notice.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { WITHDRAWAL_STATES, type WithdrawalAction, type WithdrawalState } from '../../../../shared/program/withdrawal-state';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsWithdrawalsPage } from '../../../pages/ops/program/withdrawals';
import { listWithdrawalsQueue, moveWithdrawal } from '../../../services/program/withdrawals';
import { html } from '../../html';
import { actorOf, pageMeta, sameOrigin, str } from '../page-helpers';

const isState = (s: string | undefined): s is WithdrawalState => (WITHDRAWAL_STATES as readonly string[]).includes(s ?? '');
const ID = /^w_[0-9A-Za-z]{6,40}$/;

export const opsWithdrawalPageRoutes = new Hono<Ctx>()
  .get('/ops/withdrawals', async (c) => {
    const t = messagesOf(c).withdraw;
    const q = c.req.query('status');
    const status = isState(q) ? q : undefined;
    const page = await listWithdrawalsQueue(c.var.db(), { status, limit: 100 });
    const done = c.req.query('done') ?? '';
    const notice = t.done[done] ? { text: t.done[done]! } : done === 'conflict' ? { text: t.conflict, warn: true } : done === 'missing' ? { text: t.needText, warn: true } : undefined;
    return html(c, <OpsWithdrawalsPage meta={pageMeta(c, t.queue)} status={status} items={page.items} notice={notice} />);
  })
  .post('/ops/withdrawals/:id/:action{approve|reject|mark-paid|fail}', sameOrigin, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) throw new ApiError('not_found', messagesOf(c).opsDesk.notFound);
    const action = c.req.param('action') as WithdrawalAction;
    const back = (done: string) => c.redirect(`/ops/withdrawals?done=${done}`, 303);
    const f = await c.req.parseBody();
    const detail = action === 'reject' || action === 'fail' ? { reason: str(f.reason).slice(0, 500) } : action === 'mark-paid' ? { reference: str(f.reference).slice(0, 120) } : {};
    if (Object.values(detail).some((v) => v === '')) return back('missing');
    try {
      await moveWithdrawal(c.var.db(), actorOf(c), id, action, detail);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return back('conflict');
      throw e;
    }
    return back(action);
  });
