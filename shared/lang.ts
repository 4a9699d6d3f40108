/**
 * Which language a page speaks: `?lang=` first, then the `pinlink_lang` cookie, then the
 * browser's Accept-Language (English only when it ranks English above Chinese), else zh-CN.
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_COOKIE = 'pinlink_lang';

export function parseLang(v: string | null | undefined): Lang | undefined {
  if (!v) return undefined;
  const l = v.trim().toLowerCase();
  if (l === 'en' || l.startsWith('en-')) return 'en';
  if (l === 'zh' || l.startsWith('zh-')) return 'zh-CN';
  return undefined;
}

/** The first of zh/en in the browser's weighted list decides; anything else means zh-CN. */
export function langFromAcceptLanguage(header: string | null | undefined): Lang {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: parseLang(tag), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r): r is { lang: Lang; weight: number; i: number } => r.lang !== undefined && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return ranked[0]?.lang ?? 'zh-CN';
}

export function pickLang(opts: { query?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Lang {
  return parseLang(opts.query) ?? parseLang(opts.cookie) ?? langFromAcceptLanguage(opts.acceptLanguage);
}
