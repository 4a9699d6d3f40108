// The UI languages and how a request picks one. Pure: the Worker's middleware and the
// browser islands both use it.
import { formatMoney, type Money } from '../money';
import { en } from './en';
import { zhCN, type Messages } from './zh-CN';

export type { Messages } from './zh-CN';
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LANG_COOKIE = 'pinlink_lang';

const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function messagesFor(locale: Locale): Messages {
  return DICTIONARIES[locale];
}

/** `en`, `en-GB`, `zh`, `zh-Hans-CN`, `zh-TW` → a UI locale; anything else → undefined. */
export function toLocale(tag: string | undefined | null): Locale | undefined {
  const t = tag?.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'en' || t.startsWith('en-')) return 'en';
  // Every Chinese variant reads the Simplified UI better than the English one.
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  return undefined;
}

/**
 * The language of a request where the page middleware did not pick one (API routes, errors
 * raised before it ran): `?lang`, then the cookie, then Accept-Language (the first of zh/en in
 * the browser's weighted list), else zh-CN. The same order as workers/language.ts.
 */
export function langFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: toLocale(tag), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r): r is { lang: Locale; weight: number; i: number } => r.lang !== undefined && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return ranked[0]?.lang ?? DEFAULT_LOCALE;
}

export function pickLang(opts: { query?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  return toLocale(opts.query) ?? toLocale(opts.cookie) ?? langFromAcceptLanguage(opts.acceptLanguage);
}

/** The other language, for the footer switch. */
export const otherLocale = (l: Locale): Locale => (l === 'en' ? 'zh-CN' : 'en');

/** The name of a language in that language, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** Money for the locale, e.g. ¥12.90 (zh-CN) or CN¥12.90 (en). */
export const moneyIn = (locale: Locale, m: Money) => formatMoney(m, locale);

// Times are shown in China time, where the shop and its buyers are, with the zone named.
const TIME_ZONE = 'Asia/Shanghai';

/** Date and time, e.g. 2026/11/29 08:05 (zh-CN) or Nov 29, 2026, 8:05 AM (en), with the zone. */
export function dateTimeIn(locale: Locale, at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(d);
}

/** A calendar day, e.g. 2026/11/29 or Nov 29, 2026. */
export function dateIn(locale: Locale, at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d);
}

/** A plain number with the locale's grouping. */
export const numberIn = (locale: Locale, n: number) => new Intl.NumberFormat(locale).format(n);

/** A ratio as a percentage, e.g. 12.5%. */
export const percentIn = (locale: Locale, ratio: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
