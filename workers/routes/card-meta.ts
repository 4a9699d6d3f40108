// og:image for a page: the absolute URL of its raster card, versioned by what the card shows so
// preview caches (which key on the URL) pick up a new price or a filled seat.
import type { Context } from 'hono';
import type { Ctx } from '../middleware';
import type { Meta } from '../pages/layout';

/** FNV-1a: a cheap, stable, synchronous fingerprint; not a security boundary. */
function fingerprint(content: unknown): string {
  const s = JSON.stringify(content) ?? '';
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export function cardMeta(c: Context<Ctx>, cardPath: string, content: unknown, alt: string): Pick<Meta, 'image' | 'card'> {
  const url = new URL(cardPath, c.req.url);
  url.search = `v=${fingerprint(content)}`;
  return { image: url.toString(), card: { width: 1200, height: 630, alt } };
}

/** The group page's share sheet: its poster, and while seats are open the "还差 N 人" nudge. */
export function groupShareExtras(g: { id: string; size: number; members: number; status: string }): { posterUrl: string; headline?: string } {
  const need = g.size - g.members;
  return { posterUrl: `/g/${g.id}/poster.png`, headline: g.status === 'open' && need > 0 ? `还差 ${need} 人成团，邀请好友一起拼 · ${need} more to go: invite friends` : undefined };
}
