export type Currency = 'CNY';

export interface Money {
  /** Integer minor units (fen for CNY). Never a float. */
  amount: number;
  currency: Currency;
}

export const CURRENCIES: readonly Currency[] = ['CNY'];

const MINOR_UNIT_DIGITS: Record<Currency, number> = { CNY: 2 };

export const BPS_DENOMINATOR = 10_000;

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${String(value)}`);
  }
}

function assertCurrency(currency: string): asserts currency is Currency {
  if (!Object.prototype.hasOwnProperty.call(MINOR_UNIT_DIGITS, currency)) {
    throw new RangeError(`unsupported currency ${String(currency)}`);
  }
}

export function money(amount: number, currency: Currency = 'CNY'): Money {
  assertSafeInteger(amount, 'amount');
  assertCurrency(currency);
  return { amount, currency };
}

export function zeroMoney(currency: Currency = 'CNY'): Money {
  return money(0, currency);
}

export function addMoney(a: Money, b: Money): Money {
  assertSafeInteger(a.amount, 'a.amount');
  assertSafeInteger(b.amount, 'b.amount');
  if (a.currency !== b.currency) {
    throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  }
  // The sum of two safe integers can leave the safe range and silently lose cents.
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(m: Money, qty: number): Money {
  assertSafeInteger(m.amount, 'amount');
  assertSafeInteger(qty, 'qty');
  return money(m.amount * qty, m.currency);
}

/**
 * Formats for display, e.g. "¥12.90" (zh-CN default: our buyers read CNY as "¥", not "CN¥").
 */
// Building an Intl.NumberFormat costs far more than formatting with one: a page of a few hundred
// amounts (the invitation graph) spent most of its render here.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(m: Money, locale = 'zh-CN'): string {
  assertSafeInteger(m.amount, 'amount');
  assertCurrency(m.currency);
  const digits = MINOR_UNIT_DIGITS[m.currency];
  const key = `${locale}|${m.currency}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, nf);
  }
  // Dividing by 100 in floating point misrounds amounts above ~3.5e15 minor units, so the
  // exact decimal string goes to Intl instead. String input is Intl.NumberFormat v3
  // (V8 10.6+); the es2022 lib typings predate it, hence the cast.
  const format = nf.format.bind(nf) as unknown as (value: string) => string;
  return format(toDecimalString(m.amount, digits));
}

function toDecimalString(amount: number, digits: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/**
 * `bps` basis points of an integer `amount`, rounded down (floor).
 *
 * Rounding rule: any fraction of a minor unit is dropped, so a payout computed from a rate
 * never exceeds that rate — the platform never pays more than `bps`/10000 of the amount,
 * and a seller is at most one minor unit short per entry, never over.
 *
 * `amount` must be a non-negative safe integer (a commission base is a paid amount) and
 * `bps` an integer in [0, 10000]; anything else is a RangeError. The product is computed in
 * BigInt because amount * bps can leave the safe-integer range.
 */
export function bpsOf(amount: number, bps: number): number {
  assertSafeInteger(amount, 'amount');
  assertSafeInteger(bps, 'bps');
  if (amount < 0) throw new RangeError(`amount must be >= 0, got ${amount}`);
  if (bps < 0 || bps > BPS_DENOMINATOR) {
    throw new RangeError(`bps must be within 0..${BPS_DENOMINATOR}, got ${bps}`);
  }
  return Number((BigInt(amount) * BigInt(bps)) / BigInt(BPS_DENOMINATOR));
}
