import { countryCode, deviceClass, isBotUserAgent, utcDay, type Click } from '../../../shared/links/clicks';
import type { Stats } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import { sumSellerClicks, sumSellerClicksByChannel, sumSellerClicksByDay, sumSellerClicksByDimension } from '../../storage/links/clicks-repo';
import type { Db } from '../../storage/db';
import { clientAddress } from '../limits/client-address';
import { hmacSha256Hex } from '../identity/crypto';
import { COUNTED_ORDER_STATUSES, getSellerEarnings } from '../ledger/commissions';
import { countSellerOrdersByChannel } from '../../storage/ledger/ledger-repo';
import type { LinkSnapshot } from './links';

export const clickCounterFor = (env: Pick<AppEnv, 'CLICK_COUNTER'>, linkId: string) => env.CLICK_COUNTER.get(env.CLICK_COUNTER.idFromName(linkId));

/**
 * The visitor as a keyed hash of address and browser. The day is part of the message, so the
 * salt effectively rotates daily: the same person cannot be followed across days, and the raw
 * address is never stored anywhere.
 */
export async function visitorHash(salt: string, day: string, ip: string, ua: string): Promise<string> {
  return (await hmacSha256Hex(salt, `${day}|${ip}|${ua}`)).slice(0, 32);
}

/** What a click is before its visitor is hashed: the raw address lives only in memory, for one batch window. */
interface RawClick {
  day: string;
  ip: string;
  ua: string;
  cf?: string;
  asn?: number;
}

function rawClick(env: AppEnv, req: Request, now: number): RawClick {
  const ua = req.headers.get('user-agent') ?? '';
  // Clicks with no known address share one: they are told apart by browser only.
  const ip = clientAddress(env, req) ?? 'unknown';
  const cf = (req as Request & { cf?: { country?: string; asn?: unknown } }).cf;
  return { day: utcDay(now), ip, ua, cf: cf?.country, asn: typeof cf?.asn === 'number' && Number.isSafeInteger(cf.asn) ? cf.asn : undefined };
}

/**
 * Hashes and classifies a window's clicks. The same visitor (address and browser) clicking
 * again within the window is hashed once: the HMAC is the costly part of a click.
 */
async function describeClicks(salt: string, raws: RawClick[]): Promise<Click[]> {
  const hashes = new Map<string, Promise<string>>();
  const browsers = new Map<string, { bot: boolean; device: Click['device'] }>();
  return Promise.all(
    raws.map(async (r) => {
      const key = `${r.day}|${r.ip}|${r.ua}`;
      let h = hashes.get(key);
      if (!h) hashes.set(key, (h = visitorHash(salt, r.day, r.ip, r.ua)));
      let b = browsers.get(r.ua);
      if (!b) browsers.set(r.ua, (b = { bot: isBotUserAgent(r.ua), device: deviceClass(r.ua) }));
      return { day: r.day, visitor: await h, ...b, country: countryCode(r.cf), asn: r.asn, anonymous: r.ip === 'unknown' };
    }),
  );
}

// Clicks are batched per isolate: the first click of a window owns it, waits BATCH_WINDOW_MS
// under its own waitUntil, then sends every link's clicks of the window in one call per link.
// Later clicks only join the buffer, so a hot link costs one object call per window instead of
// one per click, and no request ever waits on another request's promise. Nothing is hashed on
// the click's own path: hashing happens once per window, for the whole batch.
export const BATCH_WINDOW_MS = 20;
const buffered = new Map<string, RawClick[]>();
let windowOpen = false;

async function sendBufferedClicks(env: AppEnv): Promise<void> {
  await new Promise((r) => setTimeout(r, BATCH_WINDOW_MS));
  windowOpen = false;
  const batches = [...buffered];
  buffered.clear();
  await Promise.all(
    batches.map(async ([linkId, raws]) => {
      try {
        await clickCounterFor(env, linkId).recordMany(linkId, await describeClicks(env.VISITOR_SALT, raws));
      } catch (e) {
        console.warn(JSON.stringify({ level: 'warn', msg: 'clicks not recorded', linkId, count: raws.length, error: String(e) }));
      }
    }),
  );
}

/** Runs under waitUntil, after the redirect is on its way; a failure is logged, never surfaced. */
export async function recordClick(env: AppEnv, link: LinkSnapshot, req: Request): Promise<void> {
  const click = rawClick(env, req, Date.now());
  const list = buffered.get(link.id);
  if (list) list.push(click);
  else buffered.set(link.id, [click]);
  if (windowOpen) return;
  windowOpen = true;
  await sendBufferedClicks(env);
}

/**
 * The seller's dashboard numbers from the flushed aggregates. uniqueVisitors sums daily uniques
 * (visitor-days), because visitors are deliberately not linkable across days.
 */
export async function getSellerStats(db: Db, sellerId: string, days: number, now = Date.now()): Promise<Stats> {
  const since = utcDay(now - (days - 1) * 86_400_000);
  const [totals, byDay, byChannel, byDevice, byCountry, ordersByChannel, earnings] = await Promise.all([
    sumSellerClicks(db, sellerId),
    sumSellerClicksByDay(db, sellerId, since),
    sumSellerClicksByChannel(db, sellerId),
    sumSellerClicksByDimension(db, sellerId, 'device:'),
    sumSellerClicksByDimension(db, sellerId, 'country:'),
    // Attributed orders paid for and not refunded (COUNTED_ORDER_STATUSES), commissionable or not,
    // by the channel that brought them (one grouped count; the total is their sum).
    countSellerOrdersByChannel(db, sellerId, COUNTED_ORDER_STATUSES),
    getSellerEarnings(db, sellerId),
  ]);
  const orders = ordersByChannel.reduce((n, r) => n + r.orders, 0);
  return {
    clicks: totals.clicks,
    uniqueVisitors: totals.uniqueVisitors,
    orders,
    conversionRate: totals.clicks > 0 ? orders / totals.clicks : 0,
    earnings,
    botClicks: totals.botClicks,
    byDay: fillDays(byDay, since, days),
    byChannel,
    ordersByChannel,
    byDevice: byDevice.map((r) => ({ device: r.value, clicks: r.clicks })),
    byCountry: byCountry.map((r) => ({ country: r.value, clicks: r.clicks })),
  };
}

/** One entry per day, zeros included, so a chart needs no gap logic. */
function fillDays(rows: { day: string; clicks: number; uniqueVisitors: number; botClicks: number }[], since: string, days: number) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const start = Date.parse(`${since}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const day = utcDay(start + i * 86_400_000);
    const r = byDay.get(day);
    return { day, clicks: r?.clicks ?? 0, uniqueVisitors: r?.uniqueVisitors ?? 0, botClicks: r?.botClicks ?? 0 };
  });
}
