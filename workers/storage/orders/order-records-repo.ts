// Writing a new order: its key, row, lines and payment in one statement, and what an earlier
// attempt of the same key left.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { idempotencyKeys } from '../schema';
import type { NewOrderRow } from './orders-repo';

export interface OrderRecordsInput {
  key: string;
  requestHash: string;
  /** The exact 201 body, kept with the key for replays. */
  response: string;
  order: Pick<
    NewOrderRow,
    | 'id'
    | 'totalAmount'
    | 'buyerEmail'
    | 'buyerName'
    | 'shippingAddress'
    | 'groupId'
    | 'attributedSellerId'
    | 'attributedLinkId'
    | 'attributionChannel'
    | 'commissionable'
    | 'paymentProvider'
    | 'reservationExpiresAt'
    | 'lang'
    | 'subtotalAmount'
    | 'discountAmount'
    | 'attributionSource'
    | 'buyerCouponId'
    | 'flashSaleId'
    | 'bargainId'
    | 'purchaseLimited'
  >;
  items: {
    productId: string;
    variantId?: string | null;
    quantity: number;
    stockShard: number;
    unitPriceAmount: number;
    payAmount: number;
    title: string;
    level1Bps: number;
    level2Bps: number;
    /** A flash sale's id when its objects hold the line's units (lineStockRef). */
    stockUnit?: string | null;
  }[];
  payment: { id: string; provider: string; amount: number; providerSessionId: string | null };
}

export type OrderRecordsResult = { kind: 'created' } | { kind: 'replay'; text: string } | { kind: 'mismatch' } | { kind: 'busy' };

/**
 * A new order in ONE statement: the idempotency key (already 'done', with its response), the
 * order, its lines and its payment, as data-modifying CTEs that commit or fail together. The
 * order rows are written only if this statement claimed the key; a key claimed before answers
 * with its stored response (a second statement, on that rare path only).
 */
export async function createOrderRecords(db: Db, r: OrderRecordsInput): Promise<OrderRecordsResult> {
  const o = r.order;
  const items = JSON.stringify(
    r.items.map((i) => ({
      product_id: i.productId,
      variant_id: i.variantId ?? null,
      quantity: i.quantity,
      stock_shard: i.stockShard,
      unit_price_amount: i.unitPriceAmount,
      pay_amount: i.payAmount,
      title: i.title,
      level1_bps: i.level1Bps,
      level2_bps: i.level2Bps,
      stock_unit: i.stockUnit ?? null,
    })),
  );
  const res = await db.execute<{ claimed: number }>(sql`
    WITH k AS (
      INSERT INTO idempotency_keys (key, request_hash, order_id, state, response_status, response_body)
      VALUES (${r.key}, ${r.requestHash}, ${o.id}, 'done', 201, ${r.response}::json)
      ON CONFLICT (key) DO NOTHING
      RETURNING order_id
    ), o AS (
      INSERT INTO orders (id, status, total_amount, subtotal_amount, discount_amount, currency, buyer_email, buyer_name, shipping_address, group_id,
        attributed_seller_id, attributed_link_id, attribution_channel, attribution_source, commissionable, payment_provider, reservation_expires_at, lang,
        buyer_coupon_id, flash_sale_id, bargain_id, purchase_limited)
      SELECT ${o.id}, 'pending_payment', ${o.totalAmount}, ${o.subtotalAmount ?? o.totalAmount}, ${o.discountAmount ?? 0}, 'CNY', ${o.buyerEmail}, ${o.buyerName},
        ${JSON.stringify(o.shippingAddress)}::jsonb, ${o.groupId ?? null}, ${o.attributedSellerId ?? null}, ${o.attributedLinkId ?? null}, ${o.attributionChannel ?? null},
        ${o.attributionSource ?? null}, ${o.commissionable ?? false}, ${o.paymentProvider}, ${o.reservationExpiresAt.toISOString()}::timestamptz, ${o.lang ?? 'zh-CN'},
        ${o.buyerCouponId ?? null}, ${o.flashSaleId ?? null}, ${o.bargainId ?? null}, ${o.purchaseLimited ?? false}
      FROM k
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ), i AS (
      INSERT INTO order_items (order_id, product_id, variant_id, quantity, stock_shard, unit_price_amount, pay_amount, title, level1_bps, level2_bps, stock_unit)
      SELECT o.id, x.product_id, x.variant_id, x.quantity, x.stock_shard, x.unit_price_amount, x.pay_amount, x.title, x.level1_bps, x.level2_bps, x.stock_unit
      FROM o, jsonb_to_recordset(${items}::jsonb)
        AS x(product_id text, variant_id text, quantity int, stock_shard int, unit_price_amount int, pay_amount int, title text, level1_bps int, level2_bps int, stock_unit text)
    ), p AS (
      INSERT INTO payments (id, order_id, provider, status, amount, currency, provider_session_id)
      SELECT ${r.payment.id}, o.id, ${r.payment.provider}, 'pending', ${r.payment.amount}, 'CNY', ${r.payment.providerSessionId}
      FROM o
    )
    SELECT (SELECT count(*) FROM k)::int AS claimed`);
  if (Number(res.rows[0]?.claimed) === 1) return { kind: 'created' };
  return (await findEarlierAttempt(db, r.key, r.requestHash)) ?? { kind: 'busy' };
}

/** What an order key already stands for in Postgres: nothing yet, a mismatch, or the response to replay. */
export async function findEarlierAttempt(db: Db, key: string, requestHash: string): Promise<Exclude<OrderRecordsResult, { kind: 'created' }> | null> {
  // json, not jsonb: the stored text is the response exactly as first sent.
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, text: sql<string | null>`${idempotencyKeys.responseBody}::text` })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key))
    .limit(1);
  if (!row) return null;
  if (row.requestHash !== requestHash) return { kind: 'mismatch' };
  return row.text ? { kind: 'replay', text: row.text } : { kind: 'busy' };
}
