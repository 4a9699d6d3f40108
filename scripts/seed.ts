// Idempotent seed: the ops account always; demo sellers and products for local dev.
// Fixed ids + ON CONFLICT DO NOTHING make re-running it a no-op.
import { hashPassword } from '../workers/services/identity/passwords';
import { accounts } from '../workers/storage/schema';
import { seedDemoInto } from './seed/seed-demo';
import { seedDemoHistory } from './seed/seed-history';
import { seedDemoProgram } from './seed/seed-program';
import { seedDemoBargains } from './seed/seed-bargains';
import { seedDemoCoupons } from './seed/seed-coupons';
import { nodeDb } from './db-client';

export { DEMO_SELLER_PASSWORD, DEMO_SELLERS, demoProductId } from './seed/seed-demo';

export async function seedOps(databaseUrl: string, localProxy: string | undefined, email: string, password: string) {
  const { db, pool } = nodeDb(databaseUrl, localProxy);
  try {
    const passwordHash = await hashPassword(password);
    await db
      .insert(accounts)
      .values({ id: 'a_ops000000001', email: email.toLowerCase(), passwordHash, role: 'ops' })
      .onConflictDoUpdate({ target: accounts.email, set: { passwordHash, role: 'ops' } });
  } finally {
    await pool.end();
  }
}

export async function seedDemo(databaseUrl: string, localProxy: string | undefined) {
  const { db, pool } = nodeDb(databaseUrl, localProxy);
  try {
    const base = await seedDemoInto(db);
    const started = Date.now();
    // History is a demo nicety: if it cannot be written (say a hand-made seller already holds one
    // of its handles), the transaction leaves nothing behind and dev starts without it.
    const history = await seedDemoHistory(db).catch((e) => {
      console.error('demo history not written:', e instanceof Error ? e.message : e);
      return { skipped: true, sellers: 0, links: 0, orders: 0, groups: 0, entries: 0 };
    });
    // The program (levels, codes, bindings, withdrawals) reads the history's ledger; same rule.
    const program = await seedDemoProgram(db).catch((e) => {
      console.error('demo program not written:', e instanceof Error ? e.message : e);
      return { skipped: true, levels: 0, codes: 0, bindings: 0, withdrawals: 0 };
    });
    const promotions = await seedDemoBargains(db).catch((e) => {
      console.error('demo bargains not written:', e instanceof Error ? e.message : e);
      return { bargains: 0 };
    });
    const demoCoupons = await seedDemoCoupons(db).catch((e) => {
      console.error('demo coupons not written:', e instanceof Error ? e.message : e);
      return { coupons: 0, claims: 0 };
    });
    return { ...base, sellers: base.sellers + history.sellers, history: { ...history, ms: Date.now() - started }, program, promotions, coupons: demoCoupons };
  } finally {
    await pool.end();
  }
}
