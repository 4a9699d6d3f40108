// `npm run dev`: the local stack (scripts/stack.ts) on $PORT (default 8787), with demo data.
// Ctrl-C or SIGTERM stops all of it, Postgres included.
import { DEMO_SELLER_PASSWORD, DEMO_SELLERS } from './seed';
import { startStack, type Stack } from './stack';

const fresh = process.argv.slice(2).includes('--fresh');
const port = Number(process.env.PORT || 8787);
const step = (m: string) => console.log(`\x1b[36m▸\x1b[0m ${m}`);

let stack: Stack | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  step('stopping…');
  await stack?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  stack = await startStack({ port, fresh, databaseUrl: process.env.DATABASE_URL, step, output: (t) => process.stdout.write(t) });
  const base = stack.baseUrl;
  console.log(`
\x1b[1mPinlink is running\x1b[0m  (${stack.seeded.products} demo products, ${stack.seeded.sellers} demo sellers)
  Storefront   ${base}/
  Seller pages ${DEMO_SELLERS.map((s) => `${base}/@${s.handle}`).join('   ')}
  API docs     ${base}/openapi.json
  Health       ${base}/healthz
  Ops login    ${stack.opsEmail} / ${stack.opsPassword === 'pinlink-ops-dev' ? stack.opsPassword : '(OPS_PASSWORD)'}
  Seller login ${DEMO_SELLERS.map((s) => s.email).join(', ')} / ${DEMO_SELLER_PASSWORD}
  Buyer login  ${base}/account/login  (codes and order emails: ${base}/api/dev/outbox?to=<email>)
Press Ctrl-C to stop.`);
  void stack.exited.then((code) => shutdown(code));
} catch (e) {
  console.error('dev failed:', e instanceof Error ? e.message : e);
  await shutdown(1);
}
