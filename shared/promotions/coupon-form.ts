// The ops coupon form (/ops/coupons) read into the API's body: yuan to fen, China-time dates to
// instants, comma lists to arrays. Only the fields of the chosen kinds are read.
import { parseYuan } from '../catalog/ops-product-form';

const CHINA_OFFSET = '+08:00';

/** "2026-12-06T10:00" typed in China time → an ISO instant; anything else → undefined. */
export function chinaTimeToIso(v: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return undefined;
  const t = Date.parse(`${v}:00${CHINA_OFFSET}`);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const list = (v: string) => v.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
const int = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : undefined);
const cny = (amount: number | undefined) => (amount === undefined ? undefined : { amount, currency: 'CNY' as const });

/** An unknown shape on purpose: the API's zod schema decides, and names what is wrong. */
export function couponBodyFromForm(f: Record<string, string>): unknown {
  const percent = f.kind === 'percent';
  const scopeKind = f.scope === 'category' || f.scope === 'products' ? f.scope : 'all';
  return {
    title: f.title,
    discount: percent
      ? { kind: 'percent', percentOff: int(f.percentOff ?? ''), ...(f.maxDiscount ? { maxDiscount: cny(parseYuan(f.maxDiscount)) } : {}) }
      : { kind: 'amount', amount: cny(parseYuan(f.amount ?? '')) },
    minSpend: cny(parseYuan(f.minSpend || '0')),
    scope:
      scopeKind === 'category' ? { kind: 'category', categories: list(f.categories ?? '') } : scopeKind === 'products' ? { kind: 'products', productIds: list(f.productIds ?? '') } : { kind: 'all' },
    totalCount: f.totalCount ? int(f.totalCount) : null,
    perBuyerLimit: int(f.perBuyerLimit || '1'),
    validity: f.validity === 'fixed' ? { kind: 'fixed', startsAt: chinaTimeToIso(f.startsAt ?? ''), endsAt: chinaTimeToIso(f.endsAt ?? '') } : { kind: 'after_claim', days: int(f.days ?? '') },
  };
}
