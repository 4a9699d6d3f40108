import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './workers/storage/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
