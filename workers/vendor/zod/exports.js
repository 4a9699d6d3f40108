// zod's exports (see index.js), with `locales` and `core` shadowed: a module's own exports win over
// `export *`, so zod's `locales` namespace is never reached through them.
import * as core from './core.js';
export * from '../../../node_modules/zod/v4/classic/external.js';
export { core };
export const locales = {};
