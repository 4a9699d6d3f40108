// The share-card renderer: a Worker of its own, reached only through the storefront Worker's
// CARD_RENDERER service binding (it has no route). It turns a satori element tree into a PNG:
// satori (JSX → SVG, with yoga as wasm) then resvg (SVG → PNG, wasm).
//
// Why a second Worker: the renderer is ~750 KiB gzipped of JS and wasm, twice the storefront
// Worker's whole bundle. Kept apart, the storefront's cold start and bundle budget (P5) never pay
// for it, and only card misses, which are rare once cached, wake it up.
import { Resvg } from '@cf-wasm/resvg/legacy/workerd';
import { satori } from '@cf-wasm/satori/workerd';
import { encode } from 'fast-png';
// A CJK subset of Noto Sans SC Bold (OFL, see assets/fonts/LICENSE-OFL.txt), shipped as a Data module of this
// Worker: static bytes loaded with the Worker, never part of the storefront's bundle.
import font from '../../assets/fonts/card-sc-bold.otf';

export interface RenderRequest {
  el: unknown;
  width: number;
  height: number;
}

const MAX_SIDE = 2400;

function parse(body: unknown): RenderRequest | null {
  if (!body || typeof body !== 'object') return null;
  const { el, width, height } = body as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_SIDE;
  return el && typeof el === 'object' && ok(width) && ok(height) ? { el, width, height } : null;
}

export async function render(req: RenderRequest): Promise<Uint8Array> {
  const svg = await satori(req.el as never, {
    width: req.width,
    height: req.height,
    fonts: [{ name: 'Noto Sans SC', data: font, weight: 700, style: 'normal' }],
  });
  const resvg = await Resvg.async(svg, { fitTo: { mode: 'width', value: req.width } });
  const image = resvg.render();
  // resvg's own PNG writer skips row filters, so gradients and photos come out ~5× larger
  // (146 KB against 29 KB for a demo card). Re-encoding the pixels with fast-png (filtered,
  // deflate level 6) is lossless, and small cards are what preview bots and the cache serve.
  return encode({ width: image.width, height: image.height, data: image.pixels, channels: 4, depth: 8 }, { zlib: { level: 6 } });
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/render') return new Response('Not found', { status: 404 });
    const req = parse(await request.json().catch(() => null));
    if (!req) return new Response('Bad render request', { status: 400 });
    const started = Date.now();
    const png = await render(req);
    return new Response(png, { headers: { 'content-type': 'image/png', 'x-render-ms': String(Date.now() - started) } });
  },
} satisfies ExportedHandler;
