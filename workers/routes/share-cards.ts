// Share cards (1200×630, for link previews) and posters (portrait, with a QR code).
// GET /card/p/:id.png, /card/s/:handle.png, /card/s/:handle/p/:id.png, /card/g/:id.png,
// GET /r/:code/poster.png, /g/:id/poster.png
import { Hono, type Context } from 'hono';
import { ID_PATTERN } from '../../shared/ids';
import { LinkCodeSchema } from '../../shared/schemas';
import type { Ctx } from '../middleware';
import { cachedPng, loadCard, loadPoster, type CardKind } from '../services/share-cards';

const HANDLE = /^[a-z0-9_]{3,30}$/;

const png = (name: string) => (name.endsWith('.png') ? name.slice(0, -4) : null);

async function serve(c: Context<Ctx>, name: string, loaded: Awaited<ReturnType<typeof loadCard>>) {
  if (!loaded) return c.text('Not found', 404, { 'cache-control': 'no-store' });
  const out = await cachedPng(name, loaded, c.executionCtx);
  // Short public caching: the page's og:image URL carries the version, this URL may not.
  return c.body(out.body as ArrayBuffer, 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300', etag: `"${out.version}"`, 'x-card-cache': out.hit ? 'hit' : 'miss' });
}

function card(c: Context<Ctx>, name: string, k: CardKind | null) {
  if (!k) return c.text('Not found', 404);
  return loadCard(c.env, c.var.db, k).then((l) => serve(c, name, l));
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
  .get('/r/:code/poster.png', async (c) => {
    const code = c.req.param('code');
    if (!LinkCodeSchema.safeParse(code).success) return c.text('Not found', 404);
    return serve(c, `poster/r/${code}`, await loadPoster(c.env, c.var.db, { code }, new URL(c.req.url).origin));
  })
  .get('/g/:id/poster.png', async (c) => {
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id)) return c.text('Not found', 404);
    return serve(c, `poster/g/${id}`, await loadPoster(c.env, c.var.db, { groupId: id }, new URL(c.req.url).origin));
  });
