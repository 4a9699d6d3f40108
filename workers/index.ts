import { app } from './app';
import type { AppEnv } from './env';

export { ClickCounter } from './objects/click-counter';
export { GroupBuy } from './objects/group-buy';
export { RateLimiter } from './objects/rate-limiter';
export { Stock } from './objects/stock';

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<AppEnv>;
