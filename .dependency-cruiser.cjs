// The import rules of docs/architecture.md, checked by `npm run check` (npm run lint:deps).
// "One way to move an order" is a rule about one function, not about imports: it stays a scan,
// test/orders/one-way-to-move.test.ts.
// Layers: app -> routes -> services -> (objects | storage) -> shared; routes also use pages;
// pages and web/ use only shared/; shared/ uses nothing of the project.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle means two modules cannot be understood, tested or moved apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'objects-not-to-services',
      severity: 'error',
      comment:
        'A Durable Object never imports a service: workers/index.ts (the composition root) hands each object ' +
        'the functions it may call, through a port the object or shared/ defines.',
      from: { path: '^workers/objects/' },
      to: { path: '^workers/(services|routes|pages)/' },
    },
    {
      name: 'routes-and-pages-not-to-storage',
      severity: 'error',
      comment: 'Routes and pages read and write through service verbs; enums and view types they need live in shared/.',
      from: { path: '^workers/(routes|pages)/' },
      to: { path: '^workers/(storage|objects)/|(^|/)node_modules/drizzle-orm/|^drizzle-orm' },
    },
    {
      name: 'middleware-only-opens-the-database',
      severity: 'error',
      comment: 'Middleware opens the per-request connection (storage/db.ts) and otherwise goes through service verbs.',
      from: { path: '^workers/middleware\\.ts$' },
      to: { path: '^workers/(storage|objects)/', pathNot: '^workers/storage/db\\.ts$' },
    },
    {
      name: 'service-rooms-one-way',
      severity: 'error',
      comment:
        'Service domains import each other one way (docs/architecture.md): identity <- catalog, groups, ledger, email ' +
        '<- limits <- links, sellers <- program <- promotions <- trust <- orders <- aftersales <- buyers, cards, ops. A new arrow upward is a design change.',
      from: { path: '^workers/services/(catalog|groups|ledger|email)/' },
      to: { path: '^workers/services/[^/]+/', pathNot: '^workers/services/($1|identity)/' },
    },
    {
      name: 'service-rooms-one-way-identity',
      severity: 'error',
      comment: 'identity (tokens, sessions, passwords, hashing) is the floor: it imports no other service domain.',
      from: { path: '^workers/services/identity/' },
      to: { path: '^workers/services/[^/]+/', pathNot: '^workers/services/identity/' },
    },
    {
      name: 'service-rooms-one-way-limits',
      severity: 'error',
      from: { path: '^workers/services/limits/' },
      to: { path: '^workers/services/(links|sellers|program|promotions|trust|orders|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-middle',
      severity: 'error',
      from: { path: '^workers/services/(links|sellers)/' },
      to: { path: '^workers/services/(program|promotions|trust|orders|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-program',
      severity: 'error',
      comment: 'The distribution program (enrollment, binding, levels, codes, withdrawals) sits on sellers and the ledger; checkout and ops call it, never the reverse.',
      from: { path: '^workers/services/program/' },
      to: { path: '^workers/services/(promotions|trust|orders|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-promotions',
      severity: 'error',
      comment:
        'Promotions (coupons, limits, flash sales, bargains) sit on catalog, groups, links and the program; checkout, ' +
        'after-sales and the pages call them, never the reverse.',
      from: { path: '^workers/services/promotions/' },
      to: { path: '^workers/services/(trust|orders|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-trust',
      severity: 'error',
      from: { path: '^workers/services/trust/' },
      to: { path: '^workers/services/(sellers|promotions|orders|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-orders',
      severity: 'error',
      from: { path: '^workers/services/orders/' },
      to: { path: '^workers/services/(sellers|aftersales|buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-aftersales',
      severity: 'error',
      comment: 'After-sales (售后) moves orders and the ledger; the buyer, card and ops rooms call it.',
      from: { path: '^workers/services/aftersales/' },
      to: { path: '^workers/services/(buyers|cards|ops)/' },
    },
    {
      name: 'service-rooms-one-way-top',
      severity: 'error',
      from: { path: '^workers/services/(buyers|cards|ops)/' },
      to: { path: '^workers/services/(buyers|cards|ops)/', pathNot: '^workers/services/$1/' },
    },
    {
      name: 'pages-only-shared-and-pages',
      severity: 'error',
      comment: 'Pages render what they are given: they import shared/ and other page components, nothing else of the project.',
      from: { path: '^workers/pages/' },
      to: { path: '^(workers|web|scripts|test)/', pathNot: '^workers/pages/' },
    },
    {
      name: 'shared-stays-pure',
      severity: 'error',
      comment: 'shared/ is pure TypeScript used by the Worker and the browser: no Worker, storage, object or runtime import.',
      from: { path: '^shared/' },
      to: { path: '^(workers|web|scripts|test)/|^cloudflare:|(^|/)node_modules/(drizzle-orm|@neondatabase)/' },
    },
    {
      name: 'web-only-shared',
      severity: 'error',
      comment: 'Browser islands share only shared/ with the Worker.',
      from: { path: '^web/' },
      to: { path: '^(workers|scripts|test)/' },
    },
    {
      name: 'sql-only-in-storage',
      severity: 'error',
      comment: 'Only storage/ touches SQL; services and objects call repositories.',
      from: { path: '^workers/', pathNot: '^workers/storage/' },
      to: { path: '(^|/)node_modules/drizzle-orm/|^drizzle-orm' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.wrangler)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
