// The ops coupon page: create, stop, restart and raise through the same audited verbs as the
// JSON API, each post answering with a redirect and a plain-words notice.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { couponBodyFromForm } from '../../../../shared/promotions/coupon-form';
import { CouponCreateBody, CouponPatchBody } from '../../../../shared/promotions/coupon-schemas';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { OpsCouponsPage } from '../../../pages/ops/promotions/coupons';
import { createCoupon, listOpsCoupons, patchCoupon } from '../../../services/promotions/coupons';
import { html } from '../../html';
import { describeZodError } from '../../router';
import { actorOf, idParam, pageMeta, sameOrigin, str, type C } from '../page-helpers';

async function render(c: C, notice?: { text: string; warn?: boolean }, status: 200 | 400 | 409 = 200) {
  const t = messagesOf(c).coupons.ops;
  return html(c, <OpsCouponsPage meta={pageMeta(c, t.title)} items={await listOpsCoupons(c.var.db())} notice={notice} />, status);
}

const formOf = async (c: C) => Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, str(v)]));

export const opsCouponPageRoutes = new Hono<Ctx>()
  .get('/ops/coupons', async (c) => {
    const done = messagesOf(c).coupons.ops.done[c.req.query('done') ?? ''];
    return render(c, done ? { text: done } : undefined);
  })
  .post('/ops/coupons', sameOrigin, async (c) => {
    const parsed = CouponCreateBody.safeParse(couponBodyFromForm(await formOf(c)));
    if (!parsed.success) return render(c, { text: messagesOf(c).coupons.ops.invalid(describeZodError(parsed.error)), warn: true }, 400);
    await createCoupon(c.env, c.var.db(), actorOf(c), parsed.data);
    return c.redirect('/ops/coupons?done=created', 303);
  })
  .post('/ops/coupons/:id', sameOrigin, async (c) => {
    const id = idParam(c);
    const f = await formOf(c);
    const t = messagesOf(c).coupons.ops;
    const parsed = CouponPatchBody.safeParse({
      ...(f.active ? { active: f.active === 'true' } : {}),
      ...(f.totalCount ? { totalCount: /^\d{1,8}$/.test(f.totalCount) ? Number(f.totalCount) : -1 } : {}),
    });
    if (!parsed.success) return render(c, { text: t.invalid(describeZodError(parsed.error)), warn: true }, 400);
    try {
      await patchCoupon(c.env, c.var.db(), actorOf(c), id, parsed.data);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return render(c, { text: t.lowered, warn: true }, 409);
      throw e;
    }
    return c.redirect('/ops/coupons?done=updated', 303);
  });
