// The coupon centre's claim button (/account): a plain form post, so it works in any in-app
// browser without JavaScript, answered with a redirect back to the centre and a notice.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { readBuyerSession } from '../../services/identity/sessions';
import { BUYER_COOKIE } from '../../services/identity/tokens';
import { claimCoupon } from '../../services/promotions/coupons';
import { sameOrigin } from '../seller/dashboard-pages';

const NOTICES = ['claimed', 'coupon_exhausted', 'limit_reached', 'coupon_not_applicable', 'not_found'] as const;

/** The notice a claim left in the query (`?coupon=`), in the page's words. */
export function couponNoticeOf(c: Context<Ctx>): { text: string; warn?: boolean } | undefined {
  const q = c.req.query('coupon');
  const t = messagesOf(c).coupons;
  if (q === 'claimed') return { text: t.claimed };
  return q && (NOTICES as readonly string[]).includes(q) ? { text: t.refused[q] ?? t.failed, warn: true } : undefined;
}

export const couponPageRoutes = new Hono<Ctx>().post('/account/coupons/:id/claim', sameOrigin, async (c) => {
  const token = getCookie(c, BUYER_COOKIE);
  const buyer = token ? await readBuyerSession(c.env, token) : undefined;
  if (!buyer) return c.redirect('/account/login', 303);
  const id = c.req.param('id');
  const back = (notice: string) => c.redirect(`/account?coupon=${notice}#coupons`, 303);
  if (!IdSchema.safeParse(id).success) return back('not_found');
  try {
    await claimCoupon(c.env, () => c.var.db(), id, buyer.sub);
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) return back(e.code);
    throw e;
  }
  return back('claimed');
});
