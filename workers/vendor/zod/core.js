// zod's `core` namespace (see index.js), the same less `locales`.
export * from '../../../node_modules/zod/v4/core/index.js';
export const locales = {};
