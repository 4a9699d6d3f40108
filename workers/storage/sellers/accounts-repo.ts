import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, sellers, type AccountRow, type SellerRow } from '../schema';

export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, email)).limit(1);
  return row;
}

export async function findSellerByAccount(db: Db, accountId: string): Promise<SellerRow | undefined> {
  const [row] = await db.select().from(sellers).where(eq(sellers.accountId, accountId)).limit(1);
  return row;
}

export async function findSellerById(db: Db, id: string): Promise<SellerRow | undefined> {
  const [row] = await db.select().from(sellers).where(eq(sellers.id, id)).limit(1);
  return row;
}

export async function findSellerByHandle(db: Db, handle: string): Promise<SellerRow | undefined> {
  const [row] = await db.select().from(sellers).where(eq(sellers.handle, handle)).limit(1);
  return row;
}

export async function findSellerByInviteCode(db: Db, code: string): Promise<SellerRow | undefined> {
  const [row] = await db.select().from(sellers).where(eq(sellers.inviteCode, code)).limit(1);
  return row;
}

export interface NewSeller {
  accountId: string;
  sellerId: string;
  email: string;
  passwordHash: string;
  handle: string;
  displayName: string;
  inviteCode: string;
  inviter: SellerRow | undefined;
  /** Enrollment's verdict: pending under the `approval` mode. */
  approval?: SellerRow['approval'];
}

/** Account and seller rows land together or not at all. */
export async function insertSellerAccount(db: Db, s: NewSeller): Promise<SellerRow> {
  return db.transaction(async (tx) => {
    await tx.insert(accounts).values({ id: s.accountId, email: s.email, passwordHash: s.passwordHash, role: 'seller' });
    const path = `${s.inviter ? s.inviter.path : '/'}${s.sellerId}/`;
    const [row] = await tx
      .insert(sellers)
      .values({
        id: s.sellerId,
        accountId: s.accountId,
        handle: s.handle,
        displayName: s.displayName,
        inviteCode: s.inviteCode,
        inviterId: s.inviter?.id ?? null,
        path,
        depth: s.inviter ? s.inviter.depth + 1 : 0,
        approval: s.approval ?? 'approved',
      })
      .returning();
    return row!;
  });
}

export async function upsertOpsAccount(db: Db, a: { id: string; email: string; passwordHash: string }): Promise<void> {
  await db
    .insert(accounts)
    .values({ id: a.id, email: a.email, passwordHash: a.passwordHash, role: 'ops' })
    .onConflictDoUpdate({ target: accounts.email, set: { passwordHash: a.passwordHash, role: 'ops' } });
}

export async function updateSellerProfile(
  db: Db,
  sellerId: string,
  patch: Partial<Pick<SellerRow, 'displayName' | 'bio' | 'avatarUrl' | 'focusCategory'>>,
): Promise<SellerRow> {
  const [row] = await db.update(sellers).set(patch).where(eq(sellers.id, sellerId)).returning();
  if (!row) throw new Error(`seller ${sellerId} vanished`);
  return row;
}

export async function countSellers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(sellers);
  return r?.n ?? 0;
}

