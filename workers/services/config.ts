import { ApiError } from '../../shared/errors';
import type { AppEnv } from '../env';

// The development defaults from .dev.vars.example; production must never run with them.
const DEV_DEFAULTS = ['pinlink-dev-jwt-secret-change-me-0123456789', 'whsec_pinlink_dev', 'pinlink-dev-visitor-salt', 'pinlink-ops-dev'];

let checked: string | undefined;

export function assertProductionConfig(env: AppEnv) {
  if (env.ENVIRONMENT !== 'production') return;
  const fingerprint = `${env.JWT_KEYS}|${env.PAYMENT_WEBHOOK_SECRET}|${env.VISITOR_SALT}|${env.OPS_PASSWORD}`;
  if (checked === fingerprint) return;
  const problems: string[] = [];
  if (!env.DATABASE_URL) problems.push('DATABASE_URL is missing');
  if (!env.JWT_KEYS) problems.push('JWT_KEYS is missing');
  if (!env.PAYMENT_WEBHOOK_SECRET) problems.push('PAYMENT_WEBHOOK_SECRET is missing');
  if (!env.VISITOR_SALT) problems.push('VISITOR_SALT is missing');
  for (const v of [env.JWT_KEYS, env.PAYMENT_WEBHOOK_SECRET, env.VISITOR_SALT, env.OPS_PASSWORD]) {
    if (v && DEV_DEFAULTS.some((d) => v.includes(d))) problems.push('a secret still has its development default');
  }
  if (problems.length) {
    // Names only: never log secret values.
    console.error(`refusing to serve in production: ${[...new Set(problems)].join('; ')}`);
    throw new ApiError('unavailable', 'This deployment is misconfigured and refuses to serve.');
  }
  checked = fingerprint;
}
