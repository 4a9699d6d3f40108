// Share-card element trees (the shape satori reads) and the call that turns one into a PNG.
// The rendering itself (satori + resvg, wasm, and the CJK font) is a Worker of its own
// (workers/cards), so none of it is in this Worker's bundle.
import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';

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

/** The renderer Worker is unreachable or refused: a 503 with Retry-After, never a cached card. */
export class RenderUnavailable extends ApiError {
  constructor(detail: string) {
    super('unavailable', `The share card could not be drawn right now (${detail}). Please try again shortly.`, { 'Retry-After': '5' });
  }
}

/**
 * Element tree → PNG, by the renderer Worker (workers/cards) behind the CARD_RENDERER service
 * binding. Images in the tree are already inlined as data: URIs, so the renderer fetches nothing.
 */
export async function renderPng(env: Pick<AppEnv, 'CARD_RENDERER'>, el: El, width: number, height: number): Promise<Uint8Array> {
  const res = await env.CARD_RENDERER.fetch('https://cards.internal/render', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ el, width, height }),
  }).catch((e: unknown) => {
    throw new RenderUnavailable(`card renderer unreachable: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!res.ok) throw new RenderUnavailable(`card renderer answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
