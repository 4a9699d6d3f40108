// The seller's withdrawals page: the balance, the request form (a same-origin form post over the
// same verb as POST /api/me/withdrawals) and the list, redirecting back with a notice.
import { Hono, type Context } from 'hono';
import { parseYuan } from '../../../shared/catalog/ops-product-form';
import { ApiError } from '../../../shared/errors';
import { moneyIn } from '../../../shared/i18n';
import { WithdrawalRequestBody } from '../../../shared/program/withdrawal-schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { WithdrawalsPage, type WithdrawalForm } from '../../pages/seller/withdrawals';
import { getWithdrawalBalance, listMyWithdrawals, requestWithdrawal } from '../../services/program/withdrawals';
import { html } from '../html';
import { pageSeller, sameOrigin } from './dashboard-pages';

type C = Context<Ctx>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

async function render(c: C, opts: { form?: WithdrawalForm; error?: string; notice?: string; status?: 200 | 400 | 409 } = {}) {
  const db = c.var.db();
  const sellerId = c.var.seller!.id;
  const [balance, page] = await Promise.all([getWithdrawalBalance(db, sellerId), listMyWithdrawals(db, sellerId, { limit: 50 })]);
  const m = messagesOf(c);
  const origin = new URL(c.req.url).origin;
  c.header('Cache-Control', 'private, no-store');
  return html(
    c,
    <WithdrawalsPage
      meta={{ title: `${m.withdraw.title} · Pinlink`, description: m.dash.description, url: `${origin}/me/withdrawals` }}
      balance={balance}
      items={page.items}
      form={opts.form}
      error={opts.error}
      notice={opts.notice}
    />,
    opts.status ?? 200,
  );
}

export const withdrawalPageRoutes = new Hono<Ctx>()
  .get('/me/withdrawals', pageSeller, (c) => render(c, { notice: c.req.query('done') === 'requested' ? messagesOf(c).withdraw.requested : undefined }))
  .post('/me/withdrawals', sameOrigin, pageSeller, async (c) => {
    const t = messagesOf(c).withdraw;
    const f = await c.req.parseBody();
    // The account is never echoed back into the page on an error: the seller types it again.
    const form: WithdrawalForm = { amount: str(f.amount), kind: str(f.kind), name: str(f.name) };
    const amount = parseYuan(form.amount ?? '');
    if (amount === undefined || amount <= 0) return render(c, { form, error: t.badAmount, status: 400 });
    const parsed = WithdrawalRequestBody.safeParse({ amount: { amount, currency: 'CNY' }, method: { kind: form.kind, account: str(f.account), name: form.name } });
    if (!parsed.success) return render(c, { form, error: t.badMethod, status: 400 });
    try {
      await requestWithdrawal(c.var.db(), c.var.seller!.id, parsed.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'insufficient_balance') return render(c, { form, error: t.tooMuch, status: 409 });
      if (e.code === 'invalid_input') {
        const balance = await getWithdrawalBalance(c.var.db(), c.var.seller!.id);
        return render(c, { form, error: t.underMin(moneyIn(c.var.lang, balance.minAmount)), status: 400 });
      }
      throw e;
    }
    return c.redirect('/me/withdrawals?done=requested', 303);
  });
