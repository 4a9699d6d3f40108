// Signed tokens. HS256: the Worker is the only issuer and the only verifier, so a
// shared secret is enough, costs one HMAC per request and needs no key distribution.
// Keys rotate by kid: JWT_KEYS="new:secret2,old:secret1" signs with the first and
// still verifies tokens signed with any listed key until the old one is removed.
import { SignJWT, jwtVerify, type JWTPayload, type JWTHeaderParameters } from 'jose';

export const ISSUER = 'pinlink';
export const ALG = 'HS256';

/** Every token kind has its own audience and typ, so one kind can never pass as another. */
export const TOKEN_KINDS = {
  session: { aud: 'pinlink:api', typ: 'pinlink-session+jwt' },
  order: { aud: 'pinlink:order', typ: 'pinlink-order+jwt' },
  ref: { aud: 'pinlink:ref', typ: 'pinlink-ref+jwt' },
  buyer: { aud: 'pinlink:buyer', typ: 'pinlink-buyer+jwt' },
} as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

interface Keyring {
  current: { kid: string; key: Uint8Array };
  byKid: Map<string, Uint8Array>;
  /** Imported once per isolate: importing a key costs as much as the HMAC itself. */
  cryptoKeys: Map<string, Promise<CryptoKey>>;
}

function cryptoKeyFor(ring: Keyring, kid: string): Promise<CryptoKey> | undefined {
  let key = ring.cryptoKeys.get(kid);
  if (!key) {
    const raw = ring.byKid.get(kid);
    if (!raw) return undefined;
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    ring.cryptoKeys.set(kid, key);
  }
  return key;
}

const keyringCache = new Map<string, Keyring>();

export function parseKeyring(spec: string | undefined): Keyring {
  if (!spec) throw new Error('JWT_KEYS is not configured');
  const cached = keyringCache.get(spec);
  if (cached) return cached;
  const enc = new TextEncoder();
  const entries = spec.split(',').map((part) => {
    const i = part.indexOf(':');
    const kid = part.slice(0, i).trim();
    const secret = part.slice(i + 1).trim();
    if (i < 1 || secret.length < 32) throw new Error('JWT_KEYS entries are kid:secret with a secret of 32+ characters');
    return [kid, enc.encode(secret)] as const;
  });
  const ring: Keyring = { current: { kid: entries[0]![0], key: entries[0]![1] }, byKid: new Map(entries), cryptoKeys: new Map() };
  keyringCache.set(spec, ring);
  return ring;
}

/** `issuedAt` (unix seconds) pins the token's times, so a retried request can sign the very same token. */
export async function signToken(
  keys: string | undefined,
  kind: TokenKind,
  claims: JWTPayload & { sub: string },
  ttlSeconds: number,
  issuedAt = Math.floor(Date.now() / 1000),
): Promise<string> {
  const ring = parseKeyring(keys);
  const { aud, typ } = TOKEN_KINDS[kind];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, typ, kid: ring.current.kid })
    .setIssuer(ISSUER)
    .setAudience(aud)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(await cryptoKeyFor(ring, ring.current.kid)!);
}

/** Verifies signature, alg, typ, issuer, audience and expiry; returns null on any failure. */
export async function verifyToken<T extends JWTPayload>(keys: string | undefined, kind: TokenKind, token: string): Promise<T | null> {
  const ring = parseKeyring(keys);
  const { aud, typ } = TOKEN_KINDS[kind];
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters) => {
        const key = header.kid ? cryptoKeyFor(ring, header.kid) : undefined;
        if (!key) throw new Error('unknown kid');
        return key;
      },
      { algorithms: [ALG], issuer: ISSUER, audience: aud, typ, clockTolerance: 5 },
    );
    return payload as T;
  } catch {
    return null;
  }
}

export interface SessionClaims extends JWTPayload {
  sub: string; // account id
  role: 'seller' | 'ops';
  sid?: string; // seller id, for sellers
  jti?: string; // session id, checked against SESSION_GUARD (revocation)
}

export const SESSION_TTL_SECONDS = 60 * 60 * 24 * 7;
export const SESSION_COOKIE = 'pinlink_session';

/** Attribution token (cookie `pinlink_ref` and `?ref=`): who shared the link the visitor came through. */
export interface RefClaims extends JWTPayload {
  sub: string; // seller id
  lid: string; // link id
  ch?: string | null; // channel tag
}
export const REF_COOKIE = 'pinlink_ref';

/** Order token: read access to exactly one order. */
export interface OrderClaims extends JWTPayload {
  sub: string; // order id
}

/** Buyer token: a verified email (signed in by one-time code), nothing more. */
export interface BuyerClaims extends JWTPayload {
  sub: string; // the buyer's email, lower-cased
  jti?: string; // session id, checked against SESSION_GUARD (revocation)
}
export const BUYER_TTL_SECONDS = 60 * 60 * 24 * 30;
export const BUYER_COOKIE = 'pinlink_buyer';
