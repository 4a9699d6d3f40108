// Levels (分销等级): ops define them, sellers move up by themselves when a payment meets every
// condition of a higher one, and never move down by themselves. The boost is snapshotted on each
// order's lines at checkout (services/orders/order-attribution.ts), so an upgrade raises orders
// made after it and never touches what earlier sales accrued.
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { LevelCreate, LevelStanding, LevelView } from '../../../shared/program/distribution-schemas';
import type { Db } from '../../storage/db';
import type { Exec, Tx } from '../../storage/orders/orders-repo';
import { findLevel, findSellerLevel, insertLevel, listLevels, raiseSellerLevel, readSellerProgress, setSellerLevelId, type SellerProgress } from '../../storage/program/levels-repo';
import type { SellerLevelRow } from '../../storage/schema';
// The audit verb itself lives in storage; the trust room re-exports it to the rooms above program.
import { recordAudit } from '../../storage/ops/audit-repo';

const toView = (l: SellerLevelRow): LevelView => ({
  id: l.id,
  name: l.name,
  rank: l.rank,
  boostBps: l.boostBps,
  upgrade: {
    ...(l.upgrade.paidOrders !== undefined ? { paidOrders: l.upgrade.paidOrders } : {}),
    ...(l.upgrade.salesAmount !== undefined ? { sales: { amount: l.upgrade.salesAmount, currency: 'CNY' as const } } : {}),
    ...(l.upgrade.invitees !== undefined ? { invitees: l.upgrade.invitees } : {}),
  },
  createdAt: l.createdAt.toISOString(),
});

export async function createLevel(db: Db, actor: string, body: LevelCreate): Promise<LevelView> {
  const upgrade = {
    ...(body.upgrade.paidOrders !== undefined ? { paidOrders: body.upgrade.paidOrders } : {}),
    ...(body.upgrade.sales !== undefined ? { salesAmount: body.upgrade.sales.amount } : {}),
    ...(body.upgrade.invitees !== undefined ? { invitees: body.upgrade.invitees } : {}),
  };
  const row = await db.transaction(async (tx) => {
    const created = await insertLevel(tx, { id: newId('n'), name: body.name, rank: body.rank, boostBps: body.boostBps, upgrade });
    if (!created) return null;
    await recordAudit(tx, { actor, action: 'level.create', target: `level:${created.id}`, after: toView(created) });
    return created;
  });
  if (!row) throw new ApiError('conflict', `A level with rank ${body.rank} already exists.`);
  return toView(row);
}

export const listLevelViews = async (db: Exec): Promise<LevelView[]> => (await listLevels(db)).map(toView);

/** Ops set a seller's level (up or down, or none), audited in the same transaction. */
export async function setSellerLevel(db: Db, actor: string, sellerId: string, levelId: string | null): Promise<{ sellerId: string; level: LevelView | null }> {
  return db.transaction(async (tx) => {
    const level = levelId === null ? null : await findLevel(tx, levelId);
    if (levelId !== null && !level) throw new ApiError('not_found', 'No such level.');
    const changed = await setSellerLevelId(tx, sellerId, levelId);
    if (!changed) throw new ApiError('not_found', 'No such seller.');
    await recordAudit(tx, { actor, action: 'seller.level', target: `seller:${sellerId}`, before: { levelId: changed.before }, after: { levelId } });
    return { sellerId, level: level ? toView(level) : null };
  });
}

/** Every condition the level sets is met (`>=`: exactly the threshold is enough). A level with no condition is set by ops only. */
export function meetsLevel(level: Pick<SellerLevelRow, 'upgrade'>, p: SellerProgress): boolean {
  const u = level.upgrade;
  const conditions = [
    u.paidOrders === undefined || p.paidOrders >= u.paidOrders,
    u.salesAmount === undefined || p.salesAmount >= u.salesAmount,
    u.invitees === undefined || p.invitees >= u.invitees,
  ];
  const any = u.paidOrders !== undefined || u.salesAmount !== undefined || u.invitees !== undefined;
  return any && conditions.every(Boolean);
}

/**
 * Called in the transaction that records a payment (and a group's confirmation): the order's
 * seller and their inviter (whose invitees it may count) move up to the highest level they now
 * meet. Idempotent, and never down.
 */
export async function upgradeSellersAfterPayment(tx: Tx, sellerIds: (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(sellerIds.filter((s): s is string => !!s))];
  if (ids.length === 0) return;
  const levels = await listLevels(tx);
  if (levels.length === 0) return;
  for (const id of ids) {
    const [current, progress] = await Promise.all([findSellerLevel(tx, id), readSellerProgress(tx, id)]);
    if (!current) continue;
    const rank = current.level?.rank ?? 0;
    const best = levels.filter((l) => l.rank > rank && meetsLevel(l, progress)).at(-1);
    if (best) await raiseSellerLevel(tx, id, best);
  }
}

/** The seller's level and what is still missing for the next one, for /api/me/stats and /me. */
export async function sellerLevelStanding(db: Exec, sellerId: string): Promise<LevelStanding> {
  const [levels, current, progress] = await Promise.all([listLevels(db), findSellerLevel(db, sellerId), readSellerProgress(db, sellerId)]);
  const level = current?.level ?? null;
  const rank = level?.rank ?? 0;
  const next = levels.find((l) => l.rank > rank && (l.upgrade.paidOrders !== undefined || l.upgrade.salesAmount !== undefined || l.upgrade.invitees !== undefined));
  const standing: LevelStanding = { name: level?.name ?? null, rank, boostBps: level?.boostBps ?? 0 };
  if (!next) return standing;
  const u = next.upgrade;
  const gap = (want: number | undefined, have: number) => (want !== undefined && have < want ? want - have : undefined);
  const orders = gap(u.paidOrders, progress.paidOrders);
  const sales = gap(u.salesAmount, progress.salesAmount);
  const invitees = gap(u.invitees, progress.invitees);
  return {
    ...standing,
    next: {
      name: next.name,
      rank: next.rank,
      boostBps: next.boostBps,
      missing: {
        ...(orders !== undefined ? { paidOrders: orders } : {}),
        ...(sales !== undefined ? { sales: { amount: sales, currency: 'CNY' as const } } : {}),
        ...(invitees !== undefined ? { invitees } : {}),
      },
    },
  };
}
