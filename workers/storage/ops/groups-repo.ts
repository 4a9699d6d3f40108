// Reads behind the ops groups page: groups newest first, with their product's title.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groups, products, type GroupRow } from '../schema';

export type GroupListRow = Pick<GroupRow, 'id' | 'productId' | 'size' | 'members' | 'autoFilled' | 'status' | 'expiresAt' | 'createdAt' | 'priceAmount' | 'currency'> & {
  productTitle: string;
};

export async function listGroupRows(db: Db, opts: { status?: GroupRow['status']; limit: number }): Promise<GroupListRow[]> {
  return db
    .select({
      id: groups.id,
      productId: groups.productId,
      productTitle: products.title,
      size: groups.size,
      members: groups.members,
      autoFilled: groups.autoFilled,
      status: groups.status,
      expiresAt: groups.expiresAt,
      createdAt: groups.createdAt,
      priceAmount: groups.priceAmount,
      currency: groups.currency,
    })
    .from(groups)
    .innerJoin(products, eq(products.id, groups.productId))
    .where(opts.status ? eq(groups.status, opts.status) : undefined)
    .orderBy(desc(groups.createdAt), desc(groups.id))
    .limit(opts.limit);
}
