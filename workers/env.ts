/** Bindings from wrangler.toml (generated `Env`) plus what the scripts and secrets provide. */
export type AppEnv = Env & {
  DATABASE_URL: string;
  /** Days after delivery a buyer may ask for a return (wrangler.toml vars; default 7). */
  RETURN_DAYS?: string;
  /** host:port of the local WebSocket→TCP proxy; set only by scripts/ for dev, tests and bench. */
  LOCAL_DB_PROXY?: string;
  /** "1" mounts the bench-only baseline routes. */
  BENCH_ROUTES?: string;
  /** "true" lets a production deploy use the test payment provider (staging only). */
  ALLOW_TEST_PAYMENTS?: string;
  /** Stripe provider secrets (`wrangler secret put`); needed only when PAYMENT_PROVIDER=stripe. */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Email: Resend sends when its key is set (`wrangler secret put`); otherwise mail stays in the outbox table. */
  RESEND_API_KEY?: string;
  EMAIL_FROM?: string;
  /** Leaderboard weeks and months (and other store days) are in this zone; default Asia/Shanghai. */
  STORE_TIMEZONE?: string;
};

export interface RequestVars {
  requestId: string;
  session: import('./services/identity/tokens').SessionClaims | undefined;
}

export type AppBindings = { Bindings: AppEnv; Variables: RequestVars };

