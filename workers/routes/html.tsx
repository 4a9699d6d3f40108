// Every page is rendered in the request's language (workers/language.ts picked it).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DEFAULT_LOCALE } from '../../shared/i18n';
import type { Ctx } from '../middleware';
import { InLang } from '../pages/i18n';

/** `node` in the request's language, with the language switch pointing back at this URL. */
export function html(c: Context<Ctx>, node: Child, status?: ContentfulStatusCode) {
  const u = new URL(c.req.url);
  return c.html(
    <InLang lang={c.var.lang ?? DEFAULT_LOCALE} here={u.pathname + u.search}>
      {node}
    </InLang>,
    status,
  );
}

/** For cached pages: no per-request URL goes into HTML that other visitors are served. */
export const inLangOf = (c: Context<Ctx>, node: Child) => <InLang lang={c.var.lang ?? DEFAULT_LOCALE}>{node}</InLang>;
