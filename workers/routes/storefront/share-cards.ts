// Share cards (1200×630, for link previews) and posters (portrait, with a QR code).
// GET /card/p/:id.png, /card/s/:handle.png, /card/s/:handle/p/:id.png, /card/g/:id.png,
// GET /r/:code/poster.png, /g/:id/poster.png, and the same for /p/:id, /@:handle, /@:handle/p/:id
import { Hono, type Context } from 'hono';
import { ID_PATTERN } from '../../../shared/ids';
import { LinkCodeSchema } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { loadFlashCard, loadFlashPoster } from '../../services/cards/flash-cards';
import { cachedPng, loadCard, loadPoster, loadSquare, recentPng, type CardKind } from '../../services/cards/share-cards';

const HANDLE = /^[a-z0-9_]{3,30}$/;

const png = (name: string) => (name.endsWith('.png') ? name.slice(0, -4) : null);

export function png200(c: Context<Ctx>, body: Uint8Array | ArrayBuffer, version: string, hit: 'memo' | 'hit' | 'miss') {
  // The URL a page links to carries the content version, so its bytes never change: caches may
  // keep them for good. A URL without it (or with an older one) gets the current card, briefly.
  const pinned = c.req.query('v') === version;
  return c.body(body as ArrayBuffer, 200, {
    'content-type': 'image/png',
    'cache-control': pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    etag: `"${version}"`,
    // memo: answered from this isolate by the URL's version alone; hit: from a cache after reading the content; miss: drawn.
    'x-card-cache': hit,
  });
}

export async function serve(c: Context<Ctx>, name: string, loaded: Awaited<ReturnType<typeof loadCard>>) {
  if (!loaded) return c.text('Not found', 404, { 'cache-control': 'no-store' });
  const out = await cachedPng(name, loaded, c.executionCtx);
  return png200(c, out.body, out.version, out.hit ? 'hit' : 'miss');
}

function card(c: Context<Ctx>, name: string, k: CardKind | null) {
  if (!k) return c.text('Not found', 404);
  // `?square` asks for the page's 600×600 thumbnail (WeChat), versioned like its card.
  const square = c.req.query('square') !== undefined;
  if (square) name = `${name}/square`;
  // A page's own og:image URL names the version: this isolate may already hold exactly it.
  const v = c.req.query('v');
  const memo = v ? recentPng(name, v) : undefined;
  if (memo && v) return png200(c, memo, v, 'memo');
  return (square ? loadSquare : loadCard)(c.env, c.var.db, k).then((l) => serve(c, name, l));
}

export const shareCardRoutes = new Hono<Ctx>()
  .get('/card/p/:file', (c) => {
    const id = png(c.req.param('file'));
    return card(c, `p/${id}`, id && ID_PATTERN.test(id) ? { kind: 'product', id } : null);
  })
  .get('/card/s/:file', (c) => {
    const handle = png(c.req.param('file'));
    return card(c, `s/${handle}`, handle && HANDLE.test(handle) ? { kind: 'storefront', handle } : null);
  })
  .get('/card/s/:handle/p/:file', (c) => {
    const handle = c.req.param('handle');
    const id = png(c.req.param('file'));
    return card(c, `s/${handle}/p/${id}`, id && ID_PATTERN.test(id) && HANDLE.test(handle) ? { kind: 'seller-product', handle, id } : null);
  })
  .get('/card/g/:file', (c) => {
    const id = png(c.req.param('file'));
    return card(c, `g/${id}`, id && ID_PATTERN.test(id) ? { kind: 'group', id } : null);
  })
  // A flash sale's (秒杀) card, square thumbnail and poster.
  .get('/card/t/:file', async (c) => {
    const id = png(c.req.param('file'));
    if (!id || !ID_PATTERN.test(id)) return c.text('Not found', 404);
    const square = c.req.query('square') !== undefined;
    return serve(c, `t/${id}${square ? '/square' : ''}`, await loadFlashCard(c.env, c.var.db, id, square));
  })
  .get('/flash/:id/poster.png', async (c) => {
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id)) return c.text('Not found', 404);
    return serve(c, `poster/t/${id}`, await loadFlashPoster(c.env, c.var.db, id, new URL(c.req.url).origin));
  })
  .get('/r/:code/poster.png', async (c) => {
    const code = c.req.param('code');
    if (!LinkCodeSchema.safeParse(code).success) return c.text('Not found', 404);
    return serve(c, `poster/r/${code}`, await loadPoster(c.env, c.var.db, { code }, new URL(c.req.url).origin));
  })
  .get('/p/:id/poster.png', async (c) => {
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id)) return c.text('Not found', 404);
    return serve(c, `poster/p/${id}`, await loadPoster(c.env, c.var.db, { productId: id }, new URL(c.req.url).origin));
  })
  .get('/:at{@[a-z0-9_]{3,30}}/poster.png', async (c) => {
    const handle = c.req.param('at').slice(1);
    return serve(c, `poster/s/${handle}`, await loadPoster(c.env, c.var.db, { handle }, new URL(c.req.url).origin));
  })
  .get('/:at{@[a-z0-9_]{3,30}}/p/:id/poster.png', async (c) => {
    const handle = c.req.param('at').slice(1);
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id)) return c.text('Not found', 404);
    return serve(c, `poster/s/${handle}/p/${id}`, await loadPoster(c.env, c.var.db, { handle, productId: id }, new URL(c.req.url).origin));
  })
  .get('/g/:id/poster.png', async (c) => {
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id)) return c.text('Not found', 404);
    return serve(c, `poster/g/${id}`, await loadPoster(c.env, c.var.db, { groupId: id }, new URL(c.req.url).origin));
  });
