import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { configDefaults, defineConfig } from 'vitest/config';
import { cardsWorkerOptions } from './scripts/cards-worker.ts';
import { TEST_BINDINGS } from './test/bindings.ts';

/**
 * The Worker under test as both workerd projects run it: wrangler.toml, the test bindings, the
 * database their global setup started, and the share-card renderer it built behind CARD_RENDERER.
 */
type Inject = (key: 'databaseUrl' | 'dbProxy' | 'cardsDist' | 'faultProxy' | 'faultControl') => string;
const workerUnderTest = (inject: Inject, extra: Record<string, string> = {}) => ({
  wrangler: { configPath: './wrangler.toml' },
  miniflare: {
    bindings: { ...TEST_BINDINGS, DATABASE_URL: inject('databaseUrl'), LOCAL_DB_PROXY: inject('dbProxy'), ...extra },
    workers: [cardsWorkerOptions(inject('cardsDist'))],
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          // TEST_FAULT_*: a proxy to the same Postgres that a test can fail (test/fault-proxy.ts).
          cloudflareTest(({ inject }) =>
            workerUnderTest(inject as Inject, { TEST_FAULT_PROXY: (inject as Inject)('faultProxy'), TEST_FAULT_CONTROL: (inject as Inject)('faultControl') }),
          ),
        ],
        test: {
          name: 'worker',
          include: ['workers/**/*.test.ts', 'workers/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/histories/**'],
          globalSetup: ['./test/global-setup.ts'],
          // One file at a time: the program's settings are one row for the whole store, and the
          // files that change them (enrollment, binding modes, codes) would change them under
          // every other file's sellers and orders. On a 2-core machine this was already the default.
          maxWorkers: 1,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Randomized concurrent histories (test/histories): their own Postgres behind a proxy
        // that can fail. HISTORY_MODE=long (npm run test:long) adds the faults; SEED replays one.
        plugins: [
          cloudflareTest(({ inject }) =>
            workerUnderTest(inject as Inject, {
              HISTORY_FAULT_CONTROL: inject('faultControl'),
              HISTORY_MODE: process.env.HISTORY_MODE ?? 'short',
              HISTORY_SEED: process.env.SEED ?? '',
              HISTORY_COUNT: process.env.HISTORIES ?? '',
              HISTORY_LIMIT_MS: process.env.HISTORY_LIMIT_MS ?? '',
              HISTORY_MAX_FAILURES: process.env.HISTORY_MAX_FAILURES ?? '',
            }),
          ),
        ],
        test: {
          name: 'histories',
          include: ['test/histories/**/*.test.ts'],
          globalSetup: ['./test/histories/global-setup.ts'],
          // Long mode takes about 25 minutes for 2,000 histories on an idle 2-core machine, and
          // twice that when the machine is shared; each history has its own limit (HISTORY_LIMIT_MS).
          testTimeout: process.env.HISTORY_MODE === 'long' ? 5_400_000 : 1_800_000,
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
