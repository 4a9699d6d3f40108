import { app } from './app';
import type { AppEnv } from './env';
import { GroupBuy as GroupBuyObject } from './objects/group-buy';
import { Stock as StockObject } from './objects/stock';
import { FlashSale as FlashSaleObject } from './objects/flash-sale';
import { returnUnsoldUnits } from './services/promotions/flash-sale-objects';
import { runGroupItem } from './services/orders/group-effects';
import { DAILY_CRON, runDailyJobs, runMinuteJobs } from './services/orders/daily';
import { cancelExpiredOrders } from './services/orders/orders';
import { restockPendingAfterSales } from './services/aftersales/after-sales';

export { ClickCounter } from './objects/click-counter';
export { RateLimiter } from './objects/rate-limiter';
export { SessionGuard } from './objects/session-guard';
export { Coupon } from './objects/coupon';
export { Bargain } from './objects/bargain';
export { PurchaseLimit } from './objects/purchase-limit';

// The composition root: objects never import services, so each exported class is built here
// with the effects it may call (issue 19; docs/architecture.md "Objects receive their effects").
export class GroupBuy extends GroupBuyObject {
  override runItem = runGroupItem;
}

export class Stock extends StockObject {
  override lapseOrders = cancelExpiredOrders;
}

export class FlashSale extends FlashSaleObject {
  override returnUnsold: FlashSaleObject['returnUnsold'] = (sale, pass) => returnUnsoldUnits(this.env, sale, pass);
}

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  // The cron's own time is "now", so a late or replayed trigger decides exactly as the planned one would.
  scheduled: async (controller, env) => {
    if (controller.cron === DAILY_CRON) await runDailyJobs(env, new Date(controller.scheduledTime));
    else {
      await runMinuteJobs(env);
      await restockPendingAfterSales(env);
    }
  },
} satisfies ExportedHandler<AppEnv>;
