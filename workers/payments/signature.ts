// Stripe's webhook signature scheme, used by both providers (API.md): header
// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">`, several v1 allowed during secret rotation.
import { ApiError } from '../../shared/errors';
import { hmacSha256Hex, timingSafeEqualStrings } from '../services/identity/crypto';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export async function signPayload(secret: string, rawBody: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${rawBody}`)}`;
}

/** Throws 400 invalid_input on a missing, malformed, stale or wrong signature. */
export async function verifySignedPayload(
  secret: string | undefined,
  header: string | null | undefined,
  rawBody: string,
  nowSeconds: number,
): Promise<void> {
  if (!secret) throw new ApiError('unavailable', 'This payment provider is not configured.');
  if (!header) throw new ApiError('invalid_input', 'The webhook signature header is missing.');
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/i.test(v)) v1.push(v.toLowerCase());
  }
  if (t === undefined || v1.length === 0) throw new ApiError('invalid_input', 'The webhook signature header is malformed.');
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) throw new ApiError('invalid_input', 'The webhook signature timestamp is outside the tolerance.');
  const expected = await hmacSha256Hex(secret, `${t}.${rawBody}`);
  // Compare against every candidate so timing does not reveal which one matched.
  let ok = false;
  for (const sig of v1) ok = timingSafeEqualStrings(sig, expected) || ok;
  if (!ok) throw new ApiError('invalid_input', 'The webhook signature does not match.');
}
