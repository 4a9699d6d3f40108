import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { cardsWorkerOptions } from './scripts/cards-worker.ts';
import { TEST_BINDINGS } from './test/bindings.ts';


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
              // The share-card renderer, built by test/global-setup.ts, behind CARD_RENDERER.
              workers: [cardsWorkerOptions(inject('cardsDist'))],
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
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['./test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
