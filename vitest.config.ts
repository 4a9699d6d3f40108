import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Bindings the integration tests run with; the same names as .dev.vars.example.
export const TEST_BINDINGS = {
  ENVIRONMENT: 'test',
  OPS_EMAIL: 'ops@pinlink.test',
  OPS_PASSWORD: 'ops-test-password',
  JWT_KEYS: 'k2:test-signing-key-two-0123456789abcdef,k1:test-signing-key-one-0123456789abcdef',
  PAYMENT_WEBHOOK_SECRET: 'whsec_test',
  VISITOR_SALT: 'test-salt',
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...TEST_BINDINGS,
                DATABASE_URL: inject('databaseUrl'),
                LOCAL_DB_PROXY: inject('dbProxy'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['workers/**/*.test.ts', 'workers/**/*.test.tsx', 'test/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
