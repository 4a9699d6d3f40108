import { app } from './app';
import type { AppEnv } from './env';
import { DAILY_CRON, runDailyJobs, runMinuteJobs } from './services/orders/daily';

export { ClickCounter } from './objects/click-counter';
export { GroupBuy } from './objects/group-buy';
export { RateLimiter } from './objects/rate-limiter';
export { SessionGuard } from './objects/session-guard';
export { Stock } from './objects/stock';

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  // The cron's own time is "now", so a late or replayed trigger decides exactly as the planned one would.
  scheduled: async (controller, env) => {
    if (controller.cron === DAILY_CRON) await runDailyJobs(env, new Date(controller.scheduledTime));
    else await runMinuteJobs(env);
  },
} satisfies ExportedHandler<AppEnv>;
