// The bargain (砍价) block of the ops product form: three fields as typed, to the API's `bargain`
// and back. Empty fields mean no bargain (an edit sends null, which removes it).
import type { BargainOffer } from './bargain-schemas';
import { bargainOfferProblem } from './bargain-cut';

export const BARGAIN_FIELDS = ['bargainFloor', 'bargainHelpers', 'bargainHours'] as const;
export type BargainField = (typeof BARGAIN_FIELDS)[number];

export type BargainFieldError =
  | { code: 'bargainIncomplete' }
  | { code: 'bargainFloorHigh' }
  | { code: 'money' }
  | { code: 'wholeNumber'; min: number; max: number };

const yuan = (minor: number) => (minor / 100).toFixed(2);

/** The product's offer as the edit form first shows it. */
export function bargainFormValues(offer: BargainOffer | null | undefined): Record<BargainField, string> {
  return {
    bargainFloor: offer ? yuan(offer.floorPrice.amount) : '',
    bargainHelpers: offer ? String(offer.helpersNeeded) : '',
    bargainHours: offer ? String(offer.durationHours) : '',
  };
}

const whole = (s: string, min: number, max: number) => (/^\d{1,4}$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined);

/**
 * The offer, or null when all three are empty. `price` is the (lowest) price in fen when known:
 * the floor must be below it, 0.01 per helper apart (shared/promotions/bargain-cut.ts).
 */
export function parseBargainFields(
  v: Record<BargainField, string>,
  price: number | undefined,
  parseYuan: (s: string) => number | undefined,
  fail: (field: BargainField, e: BargainFieldError) => void,
): BargainOffer | null {
  if (!v.bargainFloor && !v.bargainHelpers && !v.bargainHours) return null;
  if (!v.bargainFloor || !v.bargainHelpers || !v.bargainHours) {
    for (const f of BARGAIN_FIELDS) if (!v[f]) fail(f, { code: 'bargainIncomplete' });
    return null;
  }
  const floor = parseYuan(v.bargainFloor);
  const helpers = whole(v.bargainHelpers, 2, 50);
  const hours = whole(v.bargainHours, 1, 72);
  if (floor === undefined) fail('bargainFloor', { code: 'money' });
  if (helpers === undefined) fail('bargainHelpers', { code: 'wholeNumber', min: 2, max: 50 });
  if (hours === undefined) fail('bargainHours', { code: 'wholeNumber', min: 1, max: 72 });
  if (floor === undefined || helpers === undefined || hours === undefined) return null;
  if (price !== undefined && bargainOfferProblem(price, floor, helpers)) {
    fail('bargainFloor', { code: 'bargainFloorHigh' });
    return null;
  }
  return { floorPrice: { amount: floor, currency: 'CNY' }, helpersNeeded: helpers, durationHours: hours };
}
