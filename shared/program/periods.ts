// Leaderboard periods (API.md v3): ISO weeks (Monday to Monday) and calendar months, with their
// edges at local midnight in the store's time zone. Written with Intl alone (no Temporal in
// workerd), and for any zone: a local midnight is turned into an instant by the zone's offset at
// that moment, so a DST change between `now` and the period's edge is still counted right.

export type PeriodKind = 'week' | 'month';
export interface Period {
  start: Date;
  end: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
export function wallClock(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of local midnight on a calendar date in a zone (month may overflow, as in Date.UTC). */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes settle the offset even when midnight sits next to a DST change.
  let guess = wall - offsetAt(new Date(wall), timeZone);
  guess = wall - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

/** The week (ISO: from Monday 00:00) or calendar month holding `at`, in the zone. */
export function periodOf(kind: PeriodKind, at: Date, timeZone: string): Period {
  const w = wallClock(at, timeZone);
  if (kind === 'month') {
    return { start: localMidnight(w.year, w.month, 1, timeZone), end: localMidnight(w.year, w.month + 1, 1, timeZone) };
  }
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(); // 0 = Sunday
  const back = (weekday + 6) % 7; // days since Monday
  const monday = new Date(Date.UTC(w.year, w.month - 1, w.day - back));
  const y = monday.getUTCFullYear();
  const m = monday.getUTCMonth() + 1;
  const d = monday.getUTCDate();
  return { start: localMidnight(y, m, d, timeZone), end: localMidnight(y, m, d + 7, timeZone) };
}

/** A zone name Intl knows, or the store's default. */
export function storeTimeZone(name: string | undefined): string {
  const zone = name?.trim() || 'Asia/Shanghai';
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return 'Asia/Shanghai';
  }
}
