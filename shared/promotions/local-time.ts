// Flash-sale times as ops type them and buyers read them: wall-clock time in STORE_TIMEZONE.
import { wallClock } from '../program/periods';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-06T10:00" (a datetime-local field) read as wall-clock time in the zone; null when malformed. */
export function localInputToInstant(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [mo, d, hh, mi] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall)) return null;
  // Two passes settle the zone's offset even next to a DST change.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    guess = wall - (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(guess / 1000) * 1000);
  }
  return new Date(guess);
}

/** The instant as a datetime-local value in the zone. */
export function instantToLocalInput(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** "12-06 10:00" in the zone, for lists and countdown labels. */
export function shortLocal(at: Date | string, timeZone: string): string {
  const w = wallClock(typeof at === 'string' ? new Date(at) : at, timeZone);
  return `${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}
