// The one place the caller's network address is read (abuse limits, attempt limits, visitor hashes).
import type { AppEnv } from '../../env';

/**
 * `CF-Connecting-IP`, which Cloudflare's edge sets on every request (overwriting any value the
 * client sent); no other header is trusted there, since a client can write any of them. Only with
 * `ENVIRONMENT=development`, a request without it (a script or proxy in front of `wrangler dev`)
 * may name its address in the first entry of `X-Forwarded-For`. Undefined: no address is known, and
 * callers then limit nothing per address and hash no visitor from it.
 */
export function clientAddress(env: Pick<AppEnv, 'ENVIRONMENT'>, req: Request): string | undefined {
  const edge = req.headers.get('cf-connecting-ip')?.trim();
  if (edge) return edge;
  if (env.ENVIRONMENT !== 'development') return undefined;
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || undefined;
}
