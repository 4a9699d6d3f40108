// A status change and what hangs off it (the buyer's email, ledger entries) commit together,
// whatever handle the caller passes moveOrder. Postgres itself tells: triggers note the
// transaction each row was written in.
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { advanceOrder } from '../../workers/services/orders/orders';
import { openDb } from '../../workers/storage/db';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { createProduct, uniq } from '../helpers';

const pool = openDb(env as unknown as AppEnv);
afterAll(async () => {
  await pool.close();
  await new Promise((r) => setTimeout(r, 200));
});

describe('moveOrder with a plain handle', () => {
  it('queues the order email in the same transaction as the status change', async () => {
    const p = await createProduct({ stock: 3 });
    const created = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    expect(created.status).toBe(201);
    const id: string = created.body.order.id;
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: created.body.order.total })).status).toBe(200);

    const tag = uniq('t').replace(/[^a-z0-9]/gi, '');
    await pool.db.execute(sql.raw(`CREATE TABLE IF NOT EXISTS test_write_txids (tag text, what text, txid bigint)`));
    await pool.db.execute(
      sql.raw(`CREATE OR REPLACE FUNCTION test_note_write_txid() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_write_txids VALUES (TG_ARGV[0], TG_ARGV[1], txid_current()); RETURN NEW; END $$`),
    );
    await pool.db.execute(sql.raw(`CREATE TRIGGER o_${tag} AFTER UPDATE ON orders FOR EACH ROW WHEN (NEW.id = '${id}') EXECUTE FUNCTION test_note_write_txid('${tag}', 'order')`));
    await pool.db.execute(
      sql.raw(`CREATE TRIGGER m_${tag} AFTER INSERT ON email_outbox FOR EACH ROW WHEN (NEW.dedupe_key = '${id}:order_shipped') EXECUTE FUNCTION test_note_write_txid('${tag}', 'email')`),
    );
    try {
      await advanceOrder(pool.db, id, { type: 'ship' }, { carrier: 'SF', trackingNumber: 'SF123' });
    } finally {
      await pool.db.execute(sql.raw(`DROP TRIGGER o_${tag} ON orders`));
      await pool.db.execute(sql.raw(`DROP TRIGGER m_${tag} ON email_outbox`));
    }
    const rows = (await pool.db.execute<{ what: string; txid: string }>(sql`SELECT what, txid FROM test_write_txids WHERE tag = ${tag}`)).rows;
    expect(rows.map((r) => r.what).sort()).toEqual(['email', 'order']);
    expect(new Set(rows.map((r) => String(r.txid))).size).toBe(1);
  });
});
