// og:image for a page: the absolute URL of its raster card, with the version of what the card
// shows (services/cards/card-version.ts) so preview caches, which key on the URL, pick up a new price
// or a filled seat, and the card route can answer a page's own URL from memory.
import type { Context } from 'hono';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import type { Meta } from '../../pages/layout';

export function cardMeta(c: Context<Ctx>, cardPath: string, version: string, alt: string): Pick<Meta, 'image' | 'card'> {
  const url = new URL(cardPath, c.req.url);
  url.search = `v=${version}`;
  return { image: url.toString(), card: { width: 1200, height: 630, alt } };
}

/** The group page's share sheet: its poster, and while seats are open the "还差 N 人" nudge. */
export function groupShareExtras(c: Context<Ctx>, g: { id: string; size: number; members: number; status: string }): { posterUrl: string; headline?: string } {
  const need = g.size - g.members;
  return { posterUrl: `/g/${g.id}/poster.png`, headline: g.status === 'open' && need > 0 ? messagesOf(c).share.inviteHeadline(need) : undefined };
}
