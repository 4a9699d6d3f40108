// Rendered product and storefront HTML, cached in the isolate.
//
// Why: rendering a page per request costs more than everything else on the hot path, and in
// workerd a KV read costs about as much again (bench/README.md has the figures). So a warm
// page is served from this isolate's memory with neither.
//
// Correctness:
// - An entry is keyed by page and remembers the data version it was rendered from: the
//   snapshots its loader read, serialised. Everything a page shows must come through its
//   loader, or a change to it would not be noticed.
// - A change made through this isolate (ops product edits, storefront curation) drops the
//   affected entries at once, by tag: `invalidatePages('p:<id>')`, `invalidatePages('sf:<handle>')`.
// - A change made through another isolate is seen when the entry is revalidated: at most
//   every REVALIDATE_MS, one request reloads the snapshots from KV and compares versions, and
//   re-renders only if they differ. So other isolates lag by at most REVALIDATE_MS on top of
//   KV's own propagation, which is already far longer than that between locations.
// - Per-visitor parts (the `ref` attribution token) are never cached: they are spliced into
//   the cached HTML on every response.
import type { Context } from 'hono';
import { CSP_NONCE_SLOT, CSP_NONCE_SWAPPED_VAR, CSP_NONCE_VAR } from '../../../shared/csp';

export const REVALIDATE_MS = 1000;
const MAX_ENTRIES = 500;

export interface PageData {
  /** The data the page is rendered from; its serialisation is the entry's version. */
  version: unknown;
  /** Invalidation tags, e.g. `p:<productId>`, `sf:<handle>`. */
  tags: string[];
  render: () => unknown;
}

interface Entry {
  /** UTF-8 bytes before and from `</head>`: encoded once, copied per response. */
  head: Uint8Array;
  /** The tail cut at each CSP nonce slot: the response's own nonce goes between the pieces. */
  tail: Uint8Array[];
  version: string;
  tags: string[];
  checkedAt: number;
}

const entries = new Map<string, Entry>();
const utf8 = new TextEncoder();
/** Bumped by every invalidation, so a render from data loaded before it is not cached. */
let generation = 0;

export function invalidatePages(tag: string): void {
  generation++;
  for (const [key, e] of entries) if (e.tags.includes(tag)) entries.delete(key);
}

/** Test and bench aid: forget everything this isolate has cached. */
export function clearPageCache(): void {
  entries.clear();
}

async function toHtml(node: unknown): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

function remember(key: string, version: string, tags: string[], html: string): Entry {
  // The per-visitor slot is just before </head>, so the cached page needs no marker.
  const at = html.indexOf('</head>');
  const cut = at < 0 ? 0 : at;
  const tail = html.slice(cut).split(CSP_NONCE_SLOT).map((part) => utf8.encode(part));
  const e: Entry = { head: utf8.encode(html.slice(0, cut)), tail, version, tags, checkedAt: Date.now() };
  entries.delete(key);
  entries.set(key, e);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return e;
}

// A ref token is a compact JWS; anything else is not echoed into the page.
const REF_SHAPE = /^[A-Za-z0-9_-]{1,2048}(\.[A-Za-z0-9_-]{0,2048}){0,2}$/;

function visitorPart(c: Context): string {
  const ref = c.req.query('ref');
  return ref && REF_SHAPE.test(ref) ? `<meta name="pinlink:ref" content="${ref}"/>` : '';
}

function respond(c: Context, e: Entry, state: 'hit' | 'miss' | 'revalidated'): Response {
  const visitor = utf8.encode(visitorPart(c));
  // The nonce is spliced in here, so the security headers need not rewrite the body again.
  const nonce = utf8.encode(String(c.get(CSP_NONCE_VAR) ?? CSP_NONCE_SLOT));
  let size = e.head.length + visitor.length + nonce.length * (e.tail.length - 1);
  for (const part of e.tail) size += part.length;
  const body = new Uint8Array(size);
  body.set(e.head, 0);
  body.set(visitor, e.head.length);
  let at = e.head.length + visitor.length;
  e.tail.forEach((part, i) => {
    if (i > 0) {
      body.set(nonce, at);
      at += nonce.length;
    }
    body.set(part, at);
    at += part.length;
  });
  c.set(CSP_NONCE_SWAPPED_VAR, true);
  c.header('X-Page-Cache', state);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  return c.body(body);
}

/**
 * Serves a page from the isolate's cache, or loads, renders and caches it.
 * Returns null when the loader finds nothing (the caller answers 404; misses are not cached).
 */
export async function cachedPage(c: Context, page: string, load: () => Promise<PageData | null>): Promise<Response | null> {
  // Absolute URLs (canonical, og:url) are rendered from the request's origin.
  const url = c.req.url;
  // One entry per language: the same page is rendered once in each.
  const key = `${url.slice(0, url.indexOf('/', url.indexOf('//') + 2))}|${String(c.get('lang') ?? '')}|${page}`;
  const cached = entries.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < REVALIDATE_MS) {
    entries.delete(key);
    entries.set(key, cached);
    return respond(c, cached, 'hit');
  }
  // Claim the revalidation: concurrent requests keep serving the entry meanwhile.
  if (cached) cached.checkedAt = now;
  const startedAt = generation;
  let data: PageData | null;
  try {
    data = await load();
  } catch (err) {
    if (cached) cached.checkedAt = 0;
    throw err;
  }
  if (!data) {
    entries.delete(key);
    return null;
  }
  const version = JSON.stringify(data.version);
  const current = entries.get(key);
  if (current && current.version === version) {
    current.checkedAt = Date.now();
    return respond(c, current, 'revalidated');
  }
  const html = await toHtml(data.render());
  if (startedAt !== generation) {
    // Invalidated while loading: serve this render once, but do not keep it.
    c.header('X-Page-Cache', 'miss');
    return c.html(html.replace('</head>', `${visitorPart(c)}</head>`));
  }
  return respond(c, remember(key, version, data.tags, html), 'miss');
}
