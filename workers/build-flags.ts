// Flags fixed when the bundle is built. The bench builds with
// `wrangler deploy --dry-run --define __PINLINK_BENCH_BUILD__:true`; every other build
// (deploy, dev, tests) leaves it undefined, so the bench routes are not even mounted there.
declare const __PINLINK_BENCH_BUILD__: boolean | undefined;

export const BENCH_BUILD = typeof __PINLINK_BENCH_BUILD__ !== 'undefined' && __PINLINK_BENCH_BUILD__ === true;
