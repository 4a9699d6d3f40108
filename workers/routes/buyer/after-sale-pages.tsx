// The buyer's after-sale forms: from /account (the buyer cookie) and from the order page (that
// order's token, sent back in the form). Plain posts from our own origin, then a redirect back
// to the page, with an error code the page says in its own language.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../../../shared/errors';
import { ID_PATTERN } from '../../../shared/ids';
import { AfterSaleCreateBody, ReturnShipmentBody, type AfterSaleCreate } from '../../../shared/orders/after-sale-schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { createAfterSale, sendReturnShipment } from '../../services/aftersales/after-sales';
import { readBuyerSession } from '../../services/identity/sessions';
import { BUYER_COOKIE } from '../../services/identity/tokens';
import { getOrderRecordOrThrow, orderTokenOpens } from '../../services/orders/orders';
import { sameOrigin } from '../seller/dashboard-pages';

/** The error codes a page shows after a refused form (see AfterSalePanel). */
export const AFTER_SALE_PAGE_ERRORS = ['pickUnits', 'badTracking', 'conflict', 'failed'] as const;
export type AfterSalePageError = (typeof AFTER_SALE_PAGE_ERRORS)[number];

/** The refused form's message, in the page's language, from the redirect's `as_error`. */
export function afterSaleErrorOf(c: Context<Ctx>): string | undefined {
  const code = c.req.query('as_error');
  return (AFTER_SALE_PAGE_ERRORS as readonly string[]).includes(code ?? '') ? messagesOf(c).afterSales.errors[code as AfterSalePageError] : undefined;
}

async function form(c: Context<Ctx>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `q_<productId>` fields with a positive count become the lines. */
export function askFromForm(f: Record<string, string>): AfterSaleCreate | null {
  const lines = Object.entries(f)
    .filter(([k, v]) => k.startsWith('q_') && /^\d{1,2}$/.test(v.trim()) && Number(v) > 0)
    .map(([k, v]) => ({ productId: k.slice(2), quantity: Number(v) }));
  const parsed = AfterSaleCreateBody.safeParse({ kind: f.kind, lines, reason: f.reason, ...(f.note?.trim() ? { note: f.note } : {}) });
  return parsed.success ? parsed.data : null;
}

const codeOf = (e: unknown, invalid: AfterSalePageError): AfterSalePageError => {
  if (!(e instanceof ApiError)) throw e;
  return e.code === 'invalid_input' ? invalid : e.code === 'conflict' ? 'conflict' : 'failed';
};

const back = (c: Context<Ctx>, path: string, query: Record<string, string>, error?: AfterSalePageError) => {
  const q = new URLSearchParams(query);
  if (error) q.set('as_error', error);
  const s = q.toString();
  return c.redirect(`${path}${s ? `?${s}` : ''}#after-sales`, 303);
};

const deps = (c: Context<Ctx>) => ({ env: c.env, db: c.var.db() });

async function buyerOf(c: Context<Ctx>) {
  const token = getCookie(c, BUYER_COOKIE);
  return token ? (await readBuyerSession(c.env, token))?.sub : undefined;
}

/** The order page's forms carry its token: it opens this order only, and names its buyer. */
async function orderBuyer(c: Context<Ctx>, orderId: string, token: string | undefined): Promise<string | null> {
  if (!ID_PATTERN.test(orderId) || !(await orderTokenOpens(c.env, token, orderId))) return null;
  return (await getOrderRecordOrThrow(c.var.db(), orderId)).order.buyerEmail;
}

export const afterSalePageRoutes = new Hono<Ctx>()
  .post('/account/after-sales/:orderId', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return c.redirect('/account/login', 303);
    const ask = askFromForm(await form(c));
    if (!ask || !ID_PATTERN.test(c.req.param('orderId'))) return back(c, '/account', {}, 'pickUnits');
    try {
      await createAfterSale(deps(c), email, c.req.param('orderId'), ask);
    } catch (e) {
      return back(c, '/account', {}, codeOf(e, 'pickUnits'));
    }
    return back(c, '/account', {});
  })
  .post('/account/after-sales/:id/return', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return c.redirect('/account/login', 303);
    const body = ReturnShipmentBody.safeParse(await form(c));
    if (!body.success || !ID_PATTERN.test(c.req.param('id'))) return back(c, '/account', {}, 'badTracking');
    try {
      await sendReturnShipment(deps(c), email, c.req.param('id'), body.data);
    } catch (e) {
      return back(c, '/account', {}, codeOf(e, 'badTracking'));
    }
    return back(c, '/account', {});
  })
  // The order page is sent with no-referrer, so its posts carry `Origin: null`: here the order's
  // own token in the form is what a cross-site page can't forge (as on the test payment page).
  .post('/o/:id/after-sales', async (c) => {
    const f = await form(c);
    const id = c.req.param('id');
    const email = await orderBuyer(c, id, f.t);
    if (!email) return c.notFound();
    const ask = askFromForm(f);
    try {
      if (!ask) throw new ApiError('invalid_input', 'lines');
      await createAfterSale(deps(c), email, id, ask);
    } catch (e) {
      return back(c, `/o/${id}`, { t: f.t! }, codeOf(e, 'pickUnits'));
    }
    return back(c, `/o/${id}`, { t: f.t! });
  })
  .post('/o/:id/after-sales/:asid/return', async (c) => {
    const f = await form(c);
    const id = c.req.param('id');
    const email = await orderBuyer(c, id, f.t);
    if (!email) return c.notFound();
    const body = ReturnShipmentBody.safeParse(f);
    try {
      if (!body.success || !ID_PATTERN.test(c.req.param('asid'))) throw new ApiError('invalid_input', 'tracking');
      await sendReturnShipment(deps(c), email, c.req.param('asid'), body.data, { orderId: id });
    } catch (e) {
      return back(c, `/o/${id}`, { t: f.t! }, codeOf(e, 'badTracking'));
    }
    return back(c, `/o/${id}`, { t: f.t! });
  });
