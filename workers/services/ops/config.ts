import { ApiError } from '../../../shared/errors';
import type { AppEnv } from '../../env';

// The development defaults from .dev.vars.example; production must never run with them.
const DEV_DEFAULTS = ['pinlink-dev-jwt-secret-change-me-0123456789', 'whsec_pinlink_dev', 'pinlink-dev-visitor-salt', 'pinlink-ops-dev'];

let checked: string | undefined;

/** Why this production deployment must not serve; empty when it may. Names only, never values. */
export function productionConfigProblems(env: AppEnv): string[] {
  const problems: string[] = [];
  if (!env.DATABASE_URL) problems.push('DATABASE_URL is missing');
  if (!env.JWT_KEYS) problems.push('JWT_KEYS is missing');
  if (!env.VISITOR_SALT) problems.push('VISITOR_SALT is missing');
  if (env.PAYMENT_PROVIDER === 'stripe') {
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET is missing');
  } else if (env.ALLOW_TEST_PAYMENTS !== 'true') {
    // The test provider's checkout page marks orders paid with no money moving.
    problems.push('PAYMENT_PROVIDER is not stripe (ALLOW_TEST_PAYMENTS=true allows the test provider, for staging)');
  } else if (!env.PAYMENT_WEBHOOK_SECRET) {
    problems.push('PAYMENT_WEBHOOK_SECRET is missing');
  }
  // The bench routes create tables and objects for anonymous callers.
  if (env.BENCH_ROUTES) problems.push('BENCH_ROUTES is set (bench builds only)');
  for (const v of [env.JWT_KEYS, env.PAYMENT_WEBHOOK_SECRET, env.VISITOR_SALT, env.OPS_PASSWORD]) {
    if (v && DEV_DEFAULTS.some((d) => v.includes(d))) problems.push('a secret still has its development default');
  }
  return [...new Set(problems)];
}

export function assertProductionConfig(env: AppEnv) {
  if (env.ENVIRONMENT !== 'production') return;
  const fingerprint = [env.JWT_KEYS, env.PAYMENT_WEBHOOK_SECRET, env.VISITOR_SALT, env.OPS_PASSWORD, env.PAYMENT_PROVIDER, env.ALLOW_TEST_PAYMENTS, env.STRIPE_SECRET_KEY, env.STRIPE_WEBHOOK_SECRET, env.DATABASE_URL, env.BENCH_ROUTES].join('|');
  if (checked === fingerprint) return;
  const problems = productionConfigProblems(env);
  if (problems.length) {
    console.error(`refusing to serve in production: ${problems.join('; ')}`);
    throw new ApiError('unavailable', 'This deployment is misconfigured and refuses to serve.');
  }
  checked = fingerprint;
}
