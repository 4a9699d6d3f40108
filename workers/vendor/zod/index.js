// What the Worker bundle gets for `import ... from 'zod'` (wrangler.toml [alias]): zod itself, less
// its 60-odd translated error locales. @hono/zod-openapi hands the whole `z` namespace to
// zod-to-openapi as a value, so a bundler must keep every export of that namespace, and `z.locales`
// (with `z.core.locales`) is about a quarter of a megabyte of minified code this Worker never uses:
// its errors are English (zod registers `en` by itself) and mapped to API.md codes. exports.js
// shadows both `locales` exports, so nothing reaches zod's locales module and it is left out.
// Types, tests (vitest) and Node scripts use zod itself; only wrangler's build takes this alias.
import * as z from './exports.js';
export * from './exports.js';
export { z, z as default };
