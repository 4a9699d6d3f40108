const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random URL-safe id. 62^n outcomes; rejection sampling keeps the distribution uniform. */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

// n: a seller level (分销等级); r: an after-sale (售后); w: a withdrawal.
// c: a coupon (优惠券); k: a buyer's claimed coupon; t: a flash sale (秒杀); d: a bargain (砍价).
export type IdPrefix = 'a' | 's' | 'p' | 'o' | 'g' | 'l' | 'e' | 'b' | 'm' | 'v' | 'x' | 'f' | 'u' | 'w' | 'n' | 'r' | 'c' | 'k' | 't' | 'd';

export const newId = (prefix: IdPrefix): string => `${prefix}_${randomToken(14)}`;

export const ID_PATTERN = /^[a-z]_[0-9A-Za-z]{6,40}$/;
