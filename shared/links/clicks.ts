/**
 * Pure click classification: who is clicking (bot or person, which device) and
 * which aggregate rows one click lands in. No I/O; the Worker feeds it headers.
 */

export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

// Link-preview fetchers (chat apps unfurl every shared link), crawlers, headless browsers and
// HTTP libraries. curl and wget are deliberately absent: a person testing a link with
// `curl -I` is a real click in the dashboard they are looking at.
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|preview|whatsapp|telegram|skypeuripreview|bitlybot|headlesschrome|phantomjs|lighthouse|pingdom|uptime|python-requests|python-urllib|aiohttp|httpx|go-http-client|okhttp|axios|node-fetch|undici|java\/|libwww|scrapy|httpclient|feedfetcher|mediapartners|bytespider|baiduspider|sogou|360spider|yisouspider|petalbot/i;

export function isBotUserAgent(ua: string | null | undefined): boolean {
  // A missing user agent is a script, never a phone.
  if (!ua || ua.trim().length === 0) return true;
  return BOT_UA.test(ua);
}

export function deviceClass(ua: string | null | undefined): DeviceClass {
  if (!ua) return 'desktop';
  if (/ipad|tablet|playbook|silk|kindle|(android(?!.*mobile))/i.test(ua)) return 'tablet';
  if (/mobi|iphone|ipod|android|micromessenger|harmonyos|windows phone|opera mini/i.test(ua)) return 'mobile';
  return 'desktop';
}

/** ISO country code from request.cf, or 'XX' when unknown (local dev, tests, Tor). */
export function countryCode(cf: string | null | undefined): string {
  return typeof cf === 'string' && /^[A-Z]{2}$/.test(cf) && cf !== 'T1' ? cf : 'XX';
}

export const TOTAL_DIMENSION = 'total';

export interface Click {
  /** UTC day, YYYY-MM-DD */
  day: string;
  /** Salted per-day hash of the visitor; never the raw address. */
  visitor: string;
  bot: boolean;
  device: DeviceClass;
  country: string;
  /** The visitor's network (request.cf.asn), when the platform names it; for click-spike signals. */
  asn?: number;
  /** No client address was known, so the visitor hash says nothing about who clicked. */
  anonymous?: boolean;
}

/** The aggregate rows a human click counts in. Bots count only as bot clicks on the total row. */
export function clickDimensions(c: Pick<Click, 'device' | 'country'>): string[] {
  return [TOTAL_DIMENSION, `device:${c.device}`, `country:${c.country}`];
}

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
