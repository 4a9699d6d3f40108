// Coupons (优惠券), API.md v3: ops define them, buyers claim them. Each coupon's Coupon object
// decides every claim and every change of its count; Postgres keeps the definition and the grants.
import { ApiError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { money } from '../../../shared/money';
import { claimableAt, inCouponScope, shownCouponState } from '../../../shared/promotions/coupon-rules';
import type { BuyerCouponView, ClaimedCoupon, CouponCreate, CouponPatch, OpsCoupon, PublicCoupon } from '../../../shared/promotions/coupon-schemas';
import type { AppEnv } from '../../env';
import type { Grant } from '../../objects/coupon';
import type { Db } from '../../storage/db';
import { recordAudit } from '../../storage/ops/audit-repo';
import { findCoupon, insertClaims, insertCoupon, listActiveCoupons, listBuyerCoupons, listCouponsWithCounts, setCouponLimits } from '../../storage/promotions/coupons-repo';
import type { CouponRow } from '../../storage/schema';

export const couponStub = (env: AppEnv, couponId: string) => env.COUPON.get(env.COUPON.idFromName(couponId));

const publicView = (c: CouponRow, claimed: number): PublicCoupon => ({
  id: c.id,
  title: c.title,
  discount: c.discount,
  minSpend: money(c.minSpendAmount),
  scope: c.scope,
  remaining: c.totalCount === null ? null : Math.max(0, c.totalCount - claimed),
  validity: c.validity,
  perBuyerLimit: c.perBuyerLimit,
});

const opsView = (c: CouponRow, claimed: number, used: number): OpsCoupon => ({
  ...publicView(c, claimed),
  totalCount: c.totalCount,
  active: c.active,
  claimed,
  used,
  createdAt: c.createdAt.toISOString(),
});

export async function createCoupon(env: AppEnv, db: Db, actor: string, body: CouponCreate): Promise<OpsCoupon> {
  const id = newId('c');
  const row = await db.transaction(async (tx) => {
    const c = await insertCoupon(tx, {
      id,
      title: body.title,
      discount: body.discount,
      minSpendAmount: body.minSpend.amount,
      scope: body.scope,
      totalCount: body.totalCount,
      perBuyerLimit: body.perBuyerLimit,
      validity: body.validity,
      active: true,
    });
    await recordAudit(tx, { actor, action: 'coupon.create', target: `coupon:${id}`, after: opsView(c, 0, 0) });
    return c;
  });
  // The object would rebuild these from Postgres on its first claim; priming it spares that read.
  await couponStub(env, id).init({ couponId: id, totalCount: row.totalCount, perBuyerLimit: row.perBuyerLimit, active: row.active, validity: row.validity });
  return opsView(row, 0, 0);
}

/** Stop (or restart) a coupon, or raise its count: the object decides, then Postgres mirrors it, audited. */
export async function patchCoupon(env: AppEnv, db: Db, actor: string, id: string, patch: CouponPatch): Promise<OpsCoupon> {
  const r = await couponStub(env, id).setLimits(id, patch);
  if (r.kind === 'not_found') throw new ApiError('not_found', 'No such coupon.');
  if (r.kind === 'lowered') throw new ApiError('conflict', 'totalCount can only be raised; stop the coupon instead.');
  const before = await findCoupon(db, id);
  const after = await db.transaction(async (tx) => {
    const c = await setCouponLimits(tx, id, { active: r.active, totalCount: r.totalCount });
    await recordAudit(tx, {
      actor,
      action: 'coupon.update',
      target: `coupon:${id}`,
      before: before && { active: before.active, totalCount: before.totalCount },
      after: { active: r.active, totalCount: r.totalCount },
    });
    return c!;
  });
  const counts = (await listCouponsWithCounts(db)).find((x) => x.c.id === id);
  return opsView(after, counts?.claimed ?? r.claimed, counts?.used ?? 0);
}

export async function listOpsCoupons(db: Db): Promise<OpsCoupon[]> {
  return (await listCouponsWithCounts(db)).map((r) => opsView(r.c, r.claimed, r.used));
}

/** Active coupons that can still be claimed now: not exhausted, inside a fixed window. */
export async function listClaimableCoupons(db: Db, now = Date.now()): Promise<PublicCoupon[]> {
  return (await listActiveCoupons(db))
    .filter((r) => claimableAt(r.c.validity, now) && (r.c.totalCount === null || r.claimed < r.c.totalCount))
    .map((r) => publicView(r.c, r.claimed));
}

const claimRow = (g: Grant) => ({
  id: g.id,
  couponId: g.couponId,
  buyerEmail: g.buyerEmail,
  claimNo: g.claimNo,
  validFrom: new Date(g.validFrom),
  validUntil: new Date(g.validUntil),
  claimedAt: new Date(g.claimedAt),
});

/** How long a claim waits for its grant's Postgres write before leaving it to the object. */
export const WRITE_BUDGET_MS = 2_000;

const REFUSALS = {
  coupon_exhausted: 'None of this coupon is left.',
  limit_reached: 'You already hold as many of this coupon as one buyer may.',
  coupon_not_applicable: 'This coupon cannot be claimed now.',
  not_found: 'No such coupon.',
} as const;

/**
 * A claim: the object decides (a refusal costs no Postgres statement), then the grant is
 * written under its natural key and the object told so. If that write fails, the object's
 * alarm writes it a second later (and retries): the buyer keeps what was granted.
 */
export async function claimCoupon(env: AppEnv, db: () => Db, couponId: string, buyerEmail: string): Promise<ClaimedCoupon> {
  const stub = couponStub(env, couponId);
  const r = await stub.claim(couponId, buyerEmail);
  if (r.kind === 'refused') throw new ApiError(r.code, REFUSALS[r.code]);
  const write = (async () => {
    await insertClaims(db(), [claimRow(r.grant)]);
    await stub.written(r.grant.id);
    return true;
  })();
  // A grant is not held up by a slow Postgres: past WRITE_BUDGET_MS (or on an error) the object
  // writes it instead, a second later and again until it lands. Answering an error here would
  // send the buyer to retry a claim they already hold.
  const landed = await Promise.race([write, new Promise<false>((done) => setTimeout(() => done(false), WRITE_BUDGET_MS))]).catch((e) => {
    const err = e as { name?: string; cause?: { code?: string } };
    console.warn(JSON.stringify({ level: 'warn', msg: 'coupon grant not written yet; its object writes it', error: err?.name, pgCode: err?.cause?.code }));
    return false;
  });
  if (!landed) {
    write.catch(() => {});
    await stub.writeSoon(r.grant.id);
  }
  return { id: r.grant.id, couponId, state: 'unused', validFrom: new Date(r.grant.validFrom).toISOString(), validUntil: new Date(r.grant.validUntil).toISOString() };
}

export async function listMyCoupons(db: Db, buyerEmail: string, now = Date.now()): Promise<BuyerCouponView[]> {
  return (await listBuyerCoupons(db, buyerEmail)).map(({ k, c, orderWritten }) => {
    const state = shownCouponState(k, orderWritten, now);
    return {
      id: k.id,
      couponId: k.couponId,
      title: c.title,
      state,
      validFrom: k.validFrom.toISOString(),
      validUntil: k.validUntil.toISOString(),
      ...(k.orderId && (state === 'locked' || state === 'used') ? { orderId: k.orderId } : {}),
      discount: c.discount,
      minSpend: money(c.minSpendAmount),
      scope: c.scope,
    };
  });
}

/** The buyer's unused coupons that cover this product: the choice on the checkout form. */
export async function couponsForProduct(db: Db, buyerEmail: string, product: { id: string; category: string }): Promise<BuyerCouponView[]> {
  return (await listMyCoupons(db, buyerEmail)).filter((c) => c.state === 'unused' && inCouponScope(c.scope, { productId: product.id, category: product.category }));
}
