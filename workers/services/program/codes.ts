// Seller codes (推广码): a code a seller can say out loud; at checkout it gives the program's
// discount and attributes the order to its seller over any link or binding.
import { ApiError } from '../../../shared/errors';
import type { Money } from '../../../shared/money';
import type { Db } from '../../storage/db';
import { listSellerCodes, putActiveCode } from '../../storage/program/codes-repo';
import type { SellerRow } from '../../storage/schema';
import { countBoundBuyers } from '../../storage/program/bindings-repo';
import { sellerLevelStanding } from './levels';
import { getProgramSettings } from './settings';

/** A pending, rejected or suspended seller cannot hand out a code (their sessions also end on suspension). */
function assertMayCreateCodes(seller: Pick<SellerRow, 'approval' | 'suspendedAt'>): void {
  if (seller.approval !== 'approved' || seller.suspendedAt) throw new ApiError('forbidden', 'Only an approved seller can create codes.');
}

/** `code` is already upper-case (SellerCodeSchema). */
export async function createSellerCode(db: Db, seller: Pick<SellerRow, 'id' | 'approval' | 'suspendedAt'>, code: string): Promise<{ code: string; percentOff: number }> {
  assertMayCreateCodes(seller);
  await db.transaction(async (tx) => {
    const row = await putActiveCode(tx, seller.id, code);
    if (!row) throw new ApiError('conflict', 'That code is taken; codes are unique regardless of case.');
  });
  const settings = await getProgramSettings(db);
  return { code, percentOff: settings.codes.percentOff };
}

export async function listMyCodes(db: Db, sellerId: string) {
  const [rows, settings] = await Promise.all([listSellerCodes(db, sellerId), getProgramSettings(db)]);
  return {
    percentOff: settings.codes.percentOff,
    ...(settings.codes.maxDiscount ? { maxDiscount: settings.codes.maxDiscount } : {}),
    items: rows.map((r) => ({ code: r.code, active: r.active === 1, createdAt: r.createdAt.toISOString() })),
  };
}

/** The program's code discount on a subtotal: percentOff of it, floored to the fen, capped by maxDiscount. */
export function codeDiscount(subtotal: number, codes: { percentOff: number; maxDiscount?: Money }): number {
  const d = Math.floor((subtotal * codes.percentOff) / 100);
  return Math.min(d, codes.maxDiscount?.amount ?? d, subtotal);
}

/** What /me shows of the program: the active code, the code discount, the level and bound buyers. */
export async function sellerProgramPanel(db: Db, seller: Pick<SellerRow, 'id' | 'approval' | 'suspendedAt'>) {
  const [codes, level, boundBuyers] = await Promise.all([listMyCodes(db, seller.id), sellerLevelStanding(db, seller.id), countBoundBuyers(db, seller.id)]);
  return {
    code: codes.items.find((c) => c.active)?.code ?? null,
    percentOff: codes.percentOff,
    ...(codes.maxDiscount ? { maxDiscount: codes.maxDiscount } : {}),
    mayCreate: seller.approval === 'approved' && !seller.suspendedAt,
    level,
    boundBuyers,
  };
}
