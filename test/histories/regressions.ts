// Seeds of histories that once failed or hung, replayed by `npm test` (after the short histories)
// and by `npm run test:long`. A bare number is a long seed: it brings its Postgres faults with it.
export const REGRESSION_SEEDS: { seed: string; found: string }[] = [];
