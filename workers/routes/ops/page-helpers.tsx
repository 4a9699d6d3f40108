// What every ops page handler shares: the ops-only guard, the page meta, who is acting, and
// reading ids, pages and form values. Posts are Origin-checked with `sameOrigin` and answer with
// a redirect on success (post/redirect/get), so a reload never repeats them.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { messagesOf } from '../../language';
import type { Meta } from '../../pages/layout';
import { OpsForbiddenPage } from '../../pages/ops/audit';
import { html } from '../html';

export { sameOrigin } from '../seller/dashboard-pages';

export type C = Context<Ctx>;

/** `site` is what follows the title: "Pinlink" on most pages, the console's name on some. */
export const pageMeta = (c: C, title: string, site = 'Pinlink'): Meta => ({
  title: `${title} · ${site}`,
  description: messagesOf(c).ops.console,
  url: new URL(c.req.path, c.req.url).toString(),
});

export const actorOf = (c: C) => c.var.session!.sub;

// Postgres text cannot hold NUL: a query or form value with one is read without it.
export const clean = (v: string | undefined) => (v ?? '').replace(/\0/g, '').trim();
export const str = (v: unknown) => (typeof v === 'string' ? clean(v) : '');

/** A path id that is not even well-formed is simply a page that does not exist. */
export function idParam(c: C, message = 'No such page.'): string {
  const id = c.req.param('id') ?? '';
  if (!IdSchema.safeParse(id).success) throw new ApiError('not_found', message);
  return id;
}

export function pageNumber(s: string | undefined): number | undefined {
  if (!s) return 1;
  return /^[1-9][0-9]{0,3}$/.test(s) ? Number(s) : undefined;
}

/** Anonymous visitors are sent to sign in; anyone signed in without the ops role gets a 403 page. */
export const opsOnly = createMiddleware<Ctx>(async (c, next) => {
  c.header('Cache-Control', 'private, no-store');
  const s = c.var.session;
  if (!s) {
    const u = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(u.pathname + u.search)}`, 302);
  }
  if (s.role !== 'ops') return html(c, <OpsForbiddenPage meta={pageMeta(c, messagesOf(c).ops.forbiddenTitle)} />, 403);
  await next();
});

const SLUG_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The looser id shape the seller and payout pages accept; anything else is a page that does not exist. */
export function slugIdParam(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!SLUG_ID.test(id)) throw new ApiError('not_found', messagesOf(c).opsDesk.notFound);
  return id;
}
