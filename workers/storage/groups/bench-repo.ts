// Bench-only: the Postgres baseline for hot group joins (bench P3). The seat logic of a group
// as one transaction that locks the group row, so it can be compared with the GroupBuy object
// on the same Postgres. The tables are scratch tables of the bench database, created on first
// use, and never part of the app's schema or migrations.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';

export type SeatOutcome = 'joined' | 'group_full' | 'already_member' | 'not_found';

export async function ensureBenchGroupTables(db: Db): Promise<void> {
  await db.execute(sql`create table if not exists bench_pg_groups (id text primary key, size integer not null, taken integer not null default 0)`);
  await db.execute(sql`create table if not exists bench_pg_seats (group_id text not null, buyer text not null, primary key (group_id, buyer))`);
}

export async function insertBenchGroup(db: Db, id: string, size: number): Promise<void> {
  await db.execute(sql`insert into bench_pg_groups (id, size) values (${id}, ${size})`);
}

export async function joinBenchGroupSeat(db: Db, groupId: string, buyer: string): Promise<SeatOutcome> {
  return db.transaction(async (tx) => {
    const g = await tx.execute<{ size: number; taken: number }>(sql`select size, taken from bench_pg_groups where id = ${groupId} for update`);
    const group = g.rows[0];
    if (!group) return 'not_found';
    const dup = await tx.execute(sql`select 1 from bench_pg_seats where group_id = ${groupId} and buyer = ${buyer}`);
    if (dup.rows.length > 0) return 'already_member';
    if (group.taken >= group.size) return 'group_full';
    await tx.execute(sql`insert into bench_pg_seats (group_id, buyer) values (${groupId}, ${buyer})`);
    await tx.execute(sql`update bench_pg_groups set taken = taken + 1 where id = ${groupId}`);
    return 'joined';
  });
}

export async function findBenchGroup(db: Db, id: string): Promise<{ size: number; taken: number; seats: number } | undefined> {
  const r = await db.execute<{ size: number; taken: number; seats: number }>(
    sql`select g.size, g.taken, (select count(*)::int from bench_pg_seats s where s.group_id = g.id) as seats from bench_pg_groups g where g.id = ${id}`,
  );
  return r.rows[0];
}
