import { describe, expect, it } from 'vitest';
import { isPrivatePage } from './private-pages';

describe('isPrivatePage', () => {
  it('covers the seller, buyer, ops, sign-in and order pages', () => {
    for (const p of ['/me', '/me/storefront', '/account', '/account/login', '/ops', '/ops/orders/o_1', '/login', '/signup', '/o/o_123', '/pay/test/o_1', '/buy/p_1']) expect(isPrivatePage(p), p).toBe(true);
  });
  it('leaves the storefront public', () => {
    for (const p of ['/', '/p/p_1', '/@amy', '/@amy/p/p_1', '/g/g_1', '/r/abc', '/opsx', '/meet', '/favicon.ico']) expect(isPrivatePage(p), p).toBe(false);
  });
});
