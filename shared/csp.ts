/**
 * What a page renders as the `nonce` of its scripts. The Worker swaps it for a fresh nonce in every
 * HTML response (workers/security-headers.ts), so pages cached in the isolate stay shareable.
 * Exactly as long as a real nonce (16 random bytes in base64), so the swap keeps the byte length.
 */
export const CSP_NONCE_SLOT = 'pinlinkCspNonceSlot0000=';

/** Request variables: the nonce of this response, and whether the body already carries it. */
export const CSP_NONCE_VAR = 'cspNonce';
export const CSP_NONCE_SWAPPED_VAR = 'cspNonceSwapped';
