// Bargains (砍价) in Postgres: the record the Bargain object writes, and what others read of it.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bargainCuts, bargains, type BargainRow, type NewBargainRow } from '../schema';

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};

/** 'conflict' when the owner already has an open bargain on this product. */
export async function insertBargainRow(db: Db, row: NewBargainRow): Promise<'ok' | 'conflict'> {
  try {
    await db.insert(bargains).values(row);
    return 'ok';
  } catch (e) {
    if (isUniqueViolation(e)) return 'conflict';
    throw e;
  }
}

/** Undoes an insert whose object was never made, so the owner is not blocked by a row nothing owns. */
export async function deleteUnhelpedBargainRow(db: Db, id: string): Promise<void> {
  await db.delete(bargains).where(and(eq(bargains.id, id), sql`not exists (select 1 from ${bargainCuts} where ${bargainCuts.bargainId} = ${id})`));
}

export interface BargainSync {
  id: string;
  status: BargainRow['status'];
  orderId: string | null;
  succeededAt: number | null;
  cuts: { helperEmail: string; helperName: string; amount: number; at: number }[];
}

/**
 * The object's state, written as a whole and idempotently (alarms are at-least-once): each cut is
 * inserted once, keyed bargain + helper, and the row takes the object's status.
 */
export async function syncBargainRow(db: Db, s: BargainSync): Promise<void> {
  await db.transaction(async (tx) => {
    if (s.cuts.length) {
      await tx
        .insert(bargainCuts)
        .values(s.cuts.map((c, i) => ({ bargainId: s.id, helperEmail: c.helperEmail, helperName: c.helperName, amount: c.amount, seq: i + 1, at: new Date(c.at) })))
        .onConflictDoNothing();
    }
    await tx
      .update(bargains)
      .set({ status: s.status, orderId: s.orderId, succeededAt: s.succeededAt !== null ? new Date(s.succeededAt) : null })
      .where(eq(bargains.id, s.id));
  });
}

export async function findBargainRow(db: Db, id: string): Promise<BargainRow | undefined> {
  const [r] = await db.select().from(bargains).where(eq(bargains.id, id)).limit(1);
  return r;
}

export async function findBargainCuts(db: Db, id: string) {
  return db.select().from(bargainCuts).where(eq(bargainCuts.bargainId, id)).orderBy(asc(bargainCuts.seq));
}

/** The seller and link that brought the bargain's owner: its origin of record, as a group's leader order is. */
export async function findBargainOrigin(db: Db, id: string): Promise<{ sellerId: string; linkId: string; channel: string | null } | null> {
  const [r] = await db
    .select({ sellerId: bargains.attributedSellerId, linkId: bargains.attributedLinkId, channel: bargains.attributedChannel })
    .from(bargains)
    .where(eq(bargains.id, id))
    .limit(1);
  return r?.sellerId && r.linkId ? { sellerId: r.sellerId, linkId: r.linkId, channel: r.channel } : null;
}

/** A buyer's bargains, newest first (the account page). */
export async function listOwnerBargains(db: Db, ownerEmail: string, limit = 20): Promise<BargainRow[]> {
  return db.select().from(bargains).where(eq(bargains.ownerEmail, ownerEmail)).orderBy(sql`${bargains.createdAt} desc`).limit(limit);
}

/** A bargain's row and cuts as its object keeps them (objects/bargain-types.ts BargainRecord). */
export async function findBargainRecord(db: Db, id: string) {
  const row = await findBargainRow(db, id);
  if (!row) return null;
  const cuts = await findBargainCuts(db, id);
  return {
    id: row.id,
    productId: row.productId,
    variantId: row.variantId,
    ownerEmail: row.ownerEmail,
    ownerName: row.ownerName,
    startPriceAmount: row.startPriceAmount,
    floorPriceAmount: row.floorPriceAmount,
    helpersNeeded: row.helpersNeeded,
    expiresAt: row.expiresAt.getTime(),
    status: row.status,
    cuts: cuts.map((c) => ({ helperEmail: c.helperEmail, helperName: c.helperName, amount: c.amount, at: c.at.getTime() })),
    succeededAt: row.succeededAt?.getTime() ?? null,
    hold: null,
    orderId: row.orderId,
  };
}
