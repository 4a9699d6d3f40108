// What buyers see of a group: initials (never emails), seats still needed, the countdown,
// and which open groups a product page offers. Shared by the pages and the live island.
import type { GroupSnapshot } from './group-state';

/**
 * Initials of a buyer's name: the first character of a CJK name ("张三" → "张"), the first
 * letters of the first two words otherwise ("Zhang San" → "ZS"). Never more than two characters.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0]!)[0]!;
  if (/[\u3400-\u9fff\uac00-\ud7af\u3040-\u30ff]/.test(first)) return first;
  const second = words[1] ? Array.from(words[1])[0] : undefined;
  return (first + (second && !/[\u3400-\u9fff]/.test(second) ? second : '')).toUpperCase();
}

/** Paid seats still missing before the group succeeds (0 once decided). */
export function seatsNeeded(g: Pick<GroupSnapshot, 'size' | 'members' | 'status'>): number {
  return g.status === 'open' ? Math.max(0, g.size - g.members) : 0;
}

/** "02:05:09" (or "1天 02:05:09") until the deadline; "00:00:00" once it has passed. */
export function formatCountdown(msLeft: number, dayLabel: (n: number) => string = (n) => `${n}天`): string {
  const s = Math.max(0, Math.floor(msLeft / 1000));
  const days = Math.floor(s / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${dayLabel(days)} ${hms}` : hms;
}

export interface OpenGroupListing {
  id: string;
  members: number;
  held: number;
  size: number;
  expiresAt: string;
}

/**
 * Groups a visitor could still join, nearest to full first (fewest paid seats missing), then
 * the soonest deadline. A group whose every seat is paid or held cannot take a new buyer.
 */
export function pickOpenGroups(listings: OpenGroupListing[], now: number, limit = 5): OpenGroupListing[] {
  return listings
    .filter((g) => Date.parse(g.expiresAt) > now && g.members + g.held < g.size)
    .sort((a, b) => a.size - a.members - (b.size - b.members) || Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || a.id.localeCompare(b.id))
    .slice(0, limit);
}
