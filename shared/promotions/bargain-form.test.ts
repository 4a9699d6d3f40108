import { describe, expect, it } from 'vitest';
import { parseYuan } from '../catalog/ops-product-form';
import { bargainFormValues, parseBargainFields, type BargainField, type BargainFieldError } from './bargain-form';

function parse(v: Record<BargainField, string>, price?: number) {
  const errors: Partial<Record<BargainField, BargainFieldError>> = {};
  const offer = parseBargainFields(v, price, parseYuan, (f, e) => (errors[f] = e));
  return { offer, errors };
}

describe('the product form’s bargain fields', () => {
  it('empty is no bargain; a full set is the offer in fen; it shows back as typed', () => {
    expect(parse({ bargainFloor: '', bargainHelpers: '', bargainHours: '' }, 9900)).toEqual({ offer: null, errors: {} });
    const ok = parse({ bargainFloor: '19.90', bargainHelpers: '10', bargainHours: '24' }, 9900);
    expect(ok).toEqual({ offer: { floorPrice: { amount: 1990, currency: 'CNY' }, helpersNeeded: 10, durationHours: 24 }, errors: {} });
    expect(bargainFormValues(ok.offer)).toEqual({ bargainFloor: '19.90', bargainHelpers: '10', bargainHours: '24' });
  });

  it('names each missing or wrong field, and a floor too close to the price', () => {
    expect(parse({ bargainFloor: '19', bargainHelpers: '', bargainHours: '' }, 9900).errors).toEqual({ bargainHelpers: { code: 'bargainIncomplete' }, bargainHours: { code: 'bargainIncomplete' } });
    expect(parse({ bargainFloor: 'x', bargainHelpers: '1', bargainHours: '73' }, 9900).errors).toEqual({
      bargainFloor: { code: 'money' },
      bargainHelpers: { code: 'wholeNumber', min: 2, max: 50 },
      bargainHours: { code: 'wholeNumber', min: 1, max: 72 },
    });
    expect(parse({ bargainFloor: '99', bargainHelpers: '2', bargainHours: '1' }, 9900).errors).toEqual({ bargainFloor: { code: 'bargainFloorHigh' } });
    // ¥0.09 between price and floor for 10 helpers: less than ¥0.01 each.
    expect(parse({ bargainFloor: '98.91', bargainHelpers: '10', bargainHours: '1' }, 9900).errors).toEqual({ bargainFloor: { code: 'bargainFloorHigh' } });
    expect(parse({ bargainFloor: '98.90', bargainHelpers: '10', bargainHours: '1' }, 9900).offer?.floorPrice.amount).toBe(9890);
  });
});
