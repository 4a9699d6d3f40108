// The product editor's purchase limits (限购) and the group offer's leader price (团长价): flat
// fields `perOrder`, `perBuyer` and `groupLeaderPrice`, to the API's `limits` and
// `groupBuy.leaderPrice`, and back. Kept apart from the rest of the form (ops-product-form.ts).
import type { Limits, Product, ProductCreate } from '../schemas';

type Fields = { perOrder: string; perBuyer: string; groupLeaderPrice: string; groupPrice: string };
type Err = { code: 'wholeNumber'; min: number; max: number } | { code: 'money' } | { code: 'leaderPriceHigh' } | { code: 'groupIncomplete' };

const yuan = (minor: number) => (minor / 100).toFixed(2);

export function limitsToFormValues(p: Product): Pick<Fields, 'perOrder' | 'perBuyer' | 'groupLeaderPrice'> {
  return {
    perOrder: p.limits?.perOrder ? String(p.limits.perOrder) : '',
    perBuyer: p.limits?.perBuyer ? String(p.limits.perBuyer) : '',
    groupLeaderPrice: p.groupBuy?.leaderPrice ? yuan(p.groupBuy.leaderPrice.amount) : '',
  };
}

/**
 * Blank limits are none (`limits: null`). The leader price needs a group offer and is at most
 * its group price. Errors go into `errors` by field; the result is what the bodies carry.
 */
export function parseLimitFields(
  v: Fields,
  errors: Partial<Record<'perOrder' | 'perBuyer' | 'groupLeaderPrice', { code: string } | Err>>,
  groupBuy: ProductCreate['groupBuy'],
  parseYuan: (s: string) => number | undefined,
): { limits: Limits | null; leaderPrice?: { amount: number; currency: 'CNY' } } {
  const whole = (field: 'perOrder' | 'perBuyer', max: number) => {
    if (!v[field]) return undefined;
    if (!/^\d{1,4}$/.test(v[field]) || Number(v[field]) < 1 || Number(v[field]) > max) {
      errors[field] = { code: 'wholeNumber', min: 1, max };
      return undefined;
    }
    return Number(v[field]);
  };
  const perOrder = whole('perOrder', 99);
  const perBuyer = whole('perBuyer', 999);
  const limits = perOrder || perBuyer ? { ...(perOrder ? { perOrder } : {}), ...(perBuyer ? { perBuyer } : {}) } : null;
  if (!v.groupLeaderPrice) return { limits };
  const amount = parseYuan(v.groupLeaderPrice);
  if (amount === undefined) errors.groupLeaderPrice = { code: 'money' };
  else if (!v.groupPrice) errors.groupLeaderPrice = { code: 'groupIncomplete' };
  else if (groupBuy && amount > groupBuy.price.amount) errors.groupLeaderPrice = { code: 'leaderPriceHigh' };
  else return { limits, leaderPrice: { amount, currency: 'CNY' } };
  return { limits };
}
