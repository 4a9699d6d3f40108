import { Hono } from 'hono';
import { artPalette } from '../../../shared/demo-art';
import type { Ctx } from '../../middleware';

// Demo product art, generated here so the seed needs no network and no binary files.

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderArt(palette: string, label: string): string {
  const [a, b] = artPalette(palette);
  const text = esc(Array.from(label).slice(0, 8).join(''));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#g)"/><circle cx="620" cy="180" r="140" fill="#fff" opacity=".18"/><circle cx="160" cy="660" r="220" fill="#fff" opacity=".12"/>
<text x="400" y="430" font-size="96" text-anchor="middle" fill="#fff" font-family="PingFang SC,Noto Sans CJK SC,sans-serif" font-weight="700">${text}</text></svg>`;
}

export const imageRoutes = new Hono<Ctx>().get('/img/:palette/:label{.+\\.svg}', (c) => {
  // Hono has already percent-decoded the parameter (leaving malformed escapes as they are).
  const label = c.req.param('label').replace(/\.svg$/, '');
  return c.body(renderArt(c.req.param('palette'), label), 200, {
    'content-type': 'image/svg+xml; charset=utf-8',
    'cache-control': 'public, max-age=86400, immutable',
  });
});
