// The ops overview: 30 days of orders and GMV, group outcomes, top sellers and stock alerts.
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { lowStockCandidates, lowStockVariantCandidates, dailyOrderTotals, groupOutcomes, topSellersBySales, type DayTotals, type GroupOutcomes, type TopSellerRow } from '../../storage/ops/overview-repo';
import { availableStock } from '../catalog/stock';

export const OVERVIEW_DAYS = 30;
// Days are counted in the shop's time zone (as shared/i18n shows dates), not UTC.
const SHOP_TIME_ZONE = 'Asia/Shanghai';
const SHOP_OFFSET_MS = 8 * 3600_000;
/** At or below this many units left a product is "low"; at zero it is sold out. */
export const LOW_STOCK = 10;
// Stock alerts ask each candidate's Stock object: bounded, so a large catalog keeps the page fast.
const ALERT_SCAN_MAX = 100;
const ALERTS_SHOWN = 20;

export interface StockAlert {
  productId: string;
  /** Set for a variant's alert; the title then names the variant too. */
  variantId?: string;
  title: string;
  stock: number;
  available: number;
}

export interface OpsOverview {
  days: DayTotals[];
  totals: { orders: number; paidOrders: number; gmv: number };
  groups: GroupOutcomes & { successRate: number | null };
  topSellers: TopSellerRow[];
  soldOut: StockAlert[];
  lowStock: StockAlert[];
}

/** The last `n` shop days, oldest first, as YYYY-MM-DD, ending today. */
export function lastShopDays(n: number, now = Date.now()): string[] {
  const today = new Date(now + SHOP_OFFSET_MS);
  return Array.from({ length: n }, (_, i) => new Date(today.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

export async function getOpsOverview(env: AppEnv, db: Db, now = Date.now()): Promise<OpsOverview> {
  const dayKeys = lastShopDays(OVERVIEW_DAYS, now);
  const since = new Date(`${dayKeys[0]}T00:00:00+08:00`);
  const [daily, groups, topSellers, products, variants] = await Promise.all([
    dailyOrderTotals(db, since, SHOP_TIME_ZONE),
    groupOutcomes(db, since),
    topSellersBySales(db, since, 10),
    lowStockCandidates(db, LOW_STOCK, ALERT_SCAN_MAX),
    lowStockVariantCandidates(db, LOW_STOCK, ALERT_SCAN_MAX),
  ]);
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const days = dayKeys.map((day) => byDay.get(day) ?? { day, orders: 0, paidOrders: 0, gmv: 0 });
  const totals = days.reduce((t, d) => ({ orders: t.orders + d.orders, paidOrders: t.paidOrders + d.paidOrders, gmv: t.gmv + d.gmv }), { orders: 0, paidOrders: 0, gmv: 0 });
  const decided = groups.succeeded + groups.failed;
  // The Stock objects own what is left; Postgres only knows the total put on sale.
  const alerts: StockAlert[] = await Promise.all([
    ...products.map(async (p) => ({ productId: p.id, title: p.title, stock: p.stock, available: await availableStock(env, p.id) })),
    // Stock is per variant, so the alert is too: "T恤 · 黑 / M".
    ...variants.map(async (v) => ({
      productId: v.productId,
      variantId: v.id,
      title: `${v.title} · ${v.productOptions.map((o) => v.options[o.name]).join(' / ')}`,
      stock: v.stock,
      available: await availableStock(env, { productId: v.productId, variantId: v.id }),
    })),
  ]);
  return {
    days,
    totals,
    groups: { ...groups, successRate: decided ? groups.succeeded / decided : null },
    topSellers,
    soldOut: alerts.filter((a) => a.available <= 0).slice(0, ALERTS_SHOWN),
    lowStock: alerts.filter((a) => a.available > 0 && a.available <= LOW_STOCK).slice(0, ALERTS_SHOWN),
  };
}
