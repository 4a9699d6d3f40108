import { describe, it, expect } from 'vitest';
import { attributionWindowSeconds, parseAttributionModel, parseFlag, resolveAttribution, type AttributionClaims, type AttributionInput } from './attribution';

const NOW = 1_700_000_000;
const DAY = 86_400;

const claims = (over: Partial<AttributionClaims> = {}): AttributionClaims => ({
  sellerId: 's_cookie',
  linkId: 'l_cookie',
  channel: 'wechat',
  iat: NOW - DAY,
  exp: NOW + DAY,
  ...over,
});
const cookie = (over: Partial<AttributionClaims> = {}) => claims(over);
const ref = (over: Partial<AttributionClaims> = {}) =>
  claims({ sellerId: 's_ref', linkId: 'l_ref', channel: 'weibo', ...over });

const base: AttributionInput = { model: 'last_click', selfPurchaseCommission: false, now: NOW };

type Row = [label: string, input: Partial<AttributionInput>, expected: ReturnType<typeof resolveAttribution>];

const COOKIE_HIT = { sellerId: 's_cookie', linkId: 'l_cookie', channel: 'wechat', commissionable: true };
const REF_HIT = { sellerId: 's_ref', linkId: 'l_ref', channel: 'weibo', commissionable: true };

const ROWS: Row[] = [
  // presence
  ['nothing at all', {}, null],
  ['both null', { cookieClaims: null, refClaims: null }, null],
  ['cookie only', { cookieClaims: cookie() }, COOKIE_HIT],
  ['ref only (in-app browser dropped the cookie)', { refClaims: ref() }, REF_HIT],
  ['ref when the cookie failed verification', { cookieClaims: null, refClaims: ref() }, REF_HIT],

  // expiry: now >= exp is expired
  ['cookie expired exactly now -> ref', { cookieClaims: cookie({ exp: NOW }), refClaims: ref() }, REF_HIT],
  ['cookie expires next second -> still valid', { cookieClaims: cookie({ exp: NOW + 1 }) }, COOKIE_HIT],
  ['cookie expired, no ref', { cookieClaims: cookie({ exp: NOW - 1 }) }, null],
  ['ref expired, cookie valid', { cookieClaims: cookie(), refClaims: ref({ exp: NOW }) }, COOKIE_HIT],
  ['both expired', { cookieClaims: cookie({ exp: NOW - 5 }), refClaims: ref({ exp: NOW }) }, null],

  // both valid: last_click takes the newer, first_click the older; ties go to the cookie
  [
    'last_click, ref newer',
    { model: 'last_click', cookieClaims: cookie({ iat: NOW - 100 }), refClaims: ref({ iat: NOW - 10 }) },
    REF_HIT,
  ],
  [
    'last_click, cookie newer',
    { model: 'last_click', cookieClaims: cookie({ iat: NOW - 10 }), refClaims: ref({ iat: NOW - 100 }) },
    COOKIE_HIT,
  ],
  [
    'first_click, ref older',
    { model: 'first_click', cookieClaims: cookie({ iat: NOW - 10 }), refClaims: ref({ iat: NOW - 100 }) },
    REF_HIT,
  ],
  [
    'first_click, cookie older',
    { model: 'first_click', cookieClaims: cookie({ iat: NOW - 100 }), refClaims: ref({ iat: NOW - 10 }) },
    COOKIE_HIT,
  ],
  ['last_click tie -> cookie', { model: 'last_click', cookieClaims: cookie(), refClaims: ref() }, COOKIE_HIT],
  ['first_click tie -> cookie', { model: 'first_click', cookieClaims: cookie(), refClaims: ref() }, COOKIE_HIT],
  [
    'first_click but the older one expired -> the valid one',
    { model: 'first_click', cookieClaims: cookie({ iat: NOW - 10 }), refClaims: ref({ iat: NOW - 9 * DAY, exp: NOW }) },
    COOKIE_HIT,
  ],

  // self-purchase
  [
    'seller buys through own link: attributed, not commissionable',
    { cookieClaims: cookie(), buyerSellerId: 's_cookie' },
    { ...COOKIE_HIT, commissionable: false },
  ],
  [
    'self-purchase with selfPurchaseCommission on',
    { cookieClaims: cookie(), buyerSellerId: 's_cookie', selfPurchaseCommission: true },
    COOKIE_HIT,
  ],
  ['another seller buying is commissionable', { cookieClaims: cookie(), buyerSellerId: 's_other' }, COOKIE_HIT],
  ['empty buyerSellerId is not a self-purchase', { cookieClaims: cookie({ sellerId: 's_cookie' }), buyerSellerId: '' }, COOKIE_HIT],
  [
    'self-purchase is judged on the chosen claim',
    { cookieClaims: cookie({ iat: NOW - 100 }), refClaims: ref({ iat: NOW - 1 }), buyerSellerId: 's_ref' },
    { ...REF_HIT, commissionable: false },
  ],
  [
    'self-purchase against the losing claim does not matter',
    { cookieClaims: cookie({ iat: NOW - 100 }), refClaims: ref({ iat: NOW - 1 }), buyerSellerId: 's_cookie' },
    REF_HIT,
  ],

  // channel
  ['missing channel -> null', { cookieClaims: cookie({ channel: undefined }) }, { ...COOKIE_HIT, channel: null }],
  ['null channel -> null', { cookieClaims: cookie({ channel: null }) }, { ...COOKIE_HIT, channel: null }],
  ['empty channel -> null', { cookieClaims: cookie({ channel: '' }) }, { ...COOKIE_HIT, channel: null }],
];

describe('resolveAttribution', () => {
  it.each(ROWS)('%s', (_label, input, expected) => {
    expect(resolveAttribution({ ...base, ...input })).toEqual(expected);
  });

  const JUNK: unknown[] = [
    {},
    { sellerId: '', linkId: 'l', iat: NOW, exp: NOW + DAY },
    { sellerId: 's', linkId: '', iat: NOW, exp: NOW + DAY },
    { sellerId: 's', linkId: 'l', iat: 'yesterday', exp: NOW + DAY },
    { sellerId: 's', linkId: 'l', iat: NOW, exp: Number.NaN },
    { sellerId: 's', linkId: 'l', iat: NOW, exp: Infinity },
    { sellerId: 42, linkId: 'l', iat: NOW, exp: NOW + DAY },
    { sellerId: 's', linkId: 'l', iat: NOW, exp: String(NOW + DAY) },
    'token',
    42,
  ];

  it.each(JUNK)('ignores malformed claims %j without throwing and falls back to the other', (junk) => {
    const bad = junk as AttributionClaims;
    expect(resolveAttribution({ ...base, cookieClaims: bad })).toBeNull();
    expect(resolveAttribution({ ...base, cookieClaims: bad, refClaims: ref() })).toEqual(REF_HIT);
    expect(resolveAttribution({ ...base, cookieClaims: cookie(), refClaims: bad })).toEqual(COOKIE_HIT);
  });

  it('does not throw when now is not a number; nothing is valid then', () => {
    expect(resolveAttribution({ ...base, now: Number.NaN, cookieClaims: cookie() })).toBeNull();
  });
});

describe('attribution configuration', () => {
  it.each([
    [undefined, 30],
    ['30', 30],
    ['7', 7],
    ['365', 365],
    ['0', 30],
    ['-3', 30],
    ['1.5', 30],
    ['abc', 30],
    ['366', 30],
  ])('ATTRIBUTION_WINDOW_DAYS=%s → %i days', (v, days) => {
    expect(attributionWindowSeconds(v)).toBe(days * DAY);
  });

  it.each([
    [undefined, 'last_click'],
    ['last_click', 'last_click'],
    ['first_click', 'first_click'],
    ['FIRST', 'last_click'],
  ])('ATTRIBUTION_MODEL=%s → %s', (v, m) => expect(parseAttributionModel(v)).toBe(m));

  it.each([
    ['true', true],
    ['TRUE', true],
    [' true ', true],
    ['false', false],
    ['1', false],
    [undefined, false],
  ])('SELF_PURCHASE_COMMISSION=%s → %s', (v, b) => expect(parseFlag(v)).toBe(b));
});
