// JSX-shaped element trees → SVG (satori) → PNG (resvg), both as wasm modules bundled by
// wrangler. The CJK font is a static asset fetched once per isolate through ASSETS, so the
// 1.8 MB font never enters the Worker bundle.
import { Resvg } from '@cf-wasm/resvg/legacy/workerd';
import { satori } from '@cf-wasm/satori/workerd';
import type { AppEnv } from '../env';

export const FONT_PATH = '/fonts/card-sc-bold.otf';

/** A satori element: the same shape React.createElement produces. */
export interface El {
  type: string;
  props: { style?: Record<string, unknown>; children?: Kid | Kid[]; src?: string; width?: number; height?: number };
}
type Kid = El | string | null | false | undefined;

export function h(type: string, style: Record<string, unknown>, ...children: Kid[]): El {
  const kids = children.filter((k) => k !== null && k !== false && k !== undefined);
  return { type, props: { style: { display: 'flex', ...style }, children: kids.length === 1 ? kids[0] : kids } };
}

export function img(src: string, width: number, height: number, style: Record<string, unknown> = {}): El {
  return { type: 'img', props: { src, width, height, style: { width, height, objectFit: 'cover', ...style } } };
}

let fontData: Promise<ArrayBuffer> | null = null;

function loadFont(env: AppEnv): Promise<ArrayBuffer> {
  fontData ??= env.ASSETS.fetch(new Request(`https://assets.local${FONT_PATH}`)).then(async (r) => {
    if (!r.ok) throw new Error(`card font asset missing: ${r.status}`);
    return r.arrayBuffer();
  });
  // A failed load is retried by the next request rather than cached for the isolate's life.
  fontData.catch(() => (fontData = null));
  return fontData;
}

export async function renderPng(env: AppEnv, el: El, width: number, height: number): Promise<Uint8Array> {
  const font = await loadFont(env);
  const svg = await satori(el as never, {
    width,
    height,
    fonts: [{ name: 'Noto Sans SC', data: font, weight: 700, style: 'normal' }],
  });
  const resvg = await Resvg.async(svg, { fitTo: { mode: 'width', value: width } });
  const png = resvg.render().asPng();
  return png;
}
