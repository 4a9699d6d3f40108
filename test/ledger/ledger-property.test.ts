// Property test: random sequences of orders, payments, deliveries, releases, refunds and withdrawals
// against the real Worker, services and Postgres, checked against the ledger's rules.
//
// Each run gets its own three sellers (A ← B ← C) and restricts release to its own orders. The
// model checks what a withdrawal cannot change: pending, reversed, and available + paid. Which of reverse and clawback a refund writes is checked against the
// entries themselves.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeOrderCommissions, deriveBalances, type LedgerEntryLike } from '../../shared/ledger/commission';
import { releaseDueCommissions } from '../../workers/services/ledger/commissions';
import { takeWithdrawal } from '../../workers/services/program/withdrawals';
import { signToken } from '../../workers/services/identity/tokens';
import { openDb, type Db } from '../../workers/storage/db';
import { sellerBalances } from '../../workers/storage/ledger/ledger-repo';
import { accounts, commissionEntries, sellers } from '../../workers/storage/schema';
import { inArray } from 'drizzle-orm';
import { TEST_BINDINGS } from '../bindings';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, createProduct, opsToken, uniq } from '../helpers';
import { appEnv } from '../ledger-helpers';

type Cmd =
  | { t: 'order'; seller: number | null; product: number; qty: number; pay: boolean }
  | { t: 'pay'; i: number }
  | { t: 'deliver'; i: number }
  | { t: 'release' }
  | { t: 'refund'; i: number }
  | { t: 'withdraw' };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('order' as const), seller: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 5 }), product: fc.integer({ min: 0, max: 1 }), qty: fc.integer({ min: 1, max: 3 }), pay: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pay' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('deliver' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ t: 'release' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ t: 'withdraw' as const }) },
);

interface ModelOrder {
  id: string;
  total: { amount: number; currency: string };
  status: 'pending_payment' | 'paid' | 'delivered' | 'refunded';
  shares: { sellerId: string; level: number; amount: number }[];
  released: boolean;
}

describe('commission ledger properties (real services + Postgres)', () => {
  let conn: ReturnType<typeof openDb>;
  let d: Db;
  let products: { id: string; price: number; l1: number; l2: number }[];
  let ops: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    conn = openDb(appEnv);
    d = conn.db;
    ops = await opsToken();
    products = [];
    for (const [price, l1, l2] of [
      [1999, 1250, 333],
      [4567, 800, 150],
    ] as const) {
      const p = await createProduct({ price: { amount: price, currency: 'CNY' }, stock: 10_000, commission: { level1Bps: l1, level2Bps: l2 } });
      products.push({ id: p.id, price, l1, l2 });
    }
  });
  afterAll(async () => conn?.close());

  async function newChain() {
    const tag = uniq().replace(/[^0-9a-z]/g, '');
    const ids = ['A', 'B', 'C'].map((n) => `s_pt${tag}${n}`);
    await d.insert(accounts).values(ids.map((id) => ({ id: `a_${id.slice(2)}`, email: `${id}@prop.test`, passwordHash: 'x', role: 'seller' as const })));
    let path = '/';
    for (const [i, id] of ids.entries()) {
      path = `${path}${id}/`;
      await d.insert(sellers).values({ id, accountId: `a_${id.slice(2)}`, handle: `pt${tag}${i}`.slice(0, 30), displayName: id, inviteCode: `pt${tag}${i}`, inviterId: i === 0 ? null : ids[i - 1]!, path, depth: i });
    }
    return ids;
  }

  async function check(sellerIds: string[], model: Map<string, { pending: number; availablePlusPaid: number; reversed: number }>, orders: ModelOrder[]) {
    const entries = await d.select().from(commissionEntries).where(inArray(commissionEntries.sellerId, sellerIds)).orderBy(commissionEntries.seq);
    for (const e of entries) seen.add(e.kind === 'reverse' ? `reverse:${e.fromBucket}` : e.kind);
    for (const sid of sellerIds) {
      const mine = entries.filter((e) => e.sellerId === sid);
      const derived = deriveBalances(mine.map((e): LedgerEntryLike => ({ kind: e.kind, amount: e.amount, ...(e.fromBucket ? { from: e.fromBucket } : {}) })));
      // Balances (one SQL query) equal the fold of the entries.
      expect(await sellerBalances(d, sid)).toEqual(derived);
      const accrued = mine.filter((e) => e.kind === 'accrue').reduce((s, e) => s + e.amount, 0);
      expect(derived.pending + derived.available + derived.paid + derived.reversed).toBe(accrued);
      const m = model.get(sid)!;
      expect({ pending: derived.pending, availablePlusPaid: derived.available + derived.paid, reversed: derived.reversed }).toEqual(m);
      expect(derived.pending).toBeGreaterThanOrEqual(0);

      const payoutSeqs = mine.filter((e) => e.kind === 'payout' || e.kind === 'withdraw').map((e) => e.seq);
      const byLine = new Map<string, typeof mine>();
      for (const e of mine.filter((x) => x.orderId !== null)) {
        const k = `${e.orderId}:${e.level}`;
        byLine.set(k, [...(byLine.get(k) ?? []), e]);
      }
      for (const [k, line] of byLine) {
        // No entry doubled, and a line is corrected at most once.
        const kinds = line.map((e) => e.kind);
        expect(new Set(kinds).size, k).toBe(kinds.length);
        expect(kinds.filter((x) => x === 'reverse' || x === 'clawback').length).toBeLessThanOrEqual(1);
        const accrue = line.find((e) => e.kind === 'accrue');
        expect(accrue, `${k} has entries without an accrual`).toBeDefined();
        for (const e of line) if (e.kind !== 'accrue') expect(Math.abs(e.amount)).toBe(accrue!.amount);
        // A reversed commission is never withdrawn without a clawback: a refund after a withdrawal
        // (or an old payout) that followed the release must be a clawback, and a clawback needs one.
        const release = line.find((e) => e.kind === 'release');
        const correction = line.find((e) => e.kind === 'reverse' || e.kind === 'clawback');
        if (correction) {
          const paidBetween = release !== undefined && payoutSeqs.some((s) => s > release.seq && s < correction.seq);
          expect(correction.kind, k).toBe(paidBetween ? 'clawback' : 'reverse');
          if (correction.kind === 'reverse') expect(correction.fromBucket).toBe(release ? 'available' : 'pending');
        }
      }
    }
    // Level 1 goes to the attributed seller, level 2 to their direct inviter only (never A for C's sales).
    for (const o of orders) {
      const got = entries.filter((e) => e.orderId === o.id && e.kind === 'accrue').map((e) => ({ sellerId: e.sellerId, level: e.level, amount: e.amount }));
      expect(got.sort((a, b) => a.level! - b.level!)).toEqual(o.status === 'pending_payment' ? [] : o.shares);
    }
  }

  it('balances equal the sums of entries; nothing doubled; no reversed commission paid without clawback', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 3, maxLength: 12 }), async (cmds) => {
        const ids = await newChain();
        const [A, B, C] = ids as [string, string, string];
        const inviterOf: Record<string, string | null> = { [A]: null, [B]: A, [C]: B };
        const model = new Map(ids.map((id) => [id, { pending: 0, availablePlusPaid: 0, reversed: 0 }]));
        const orders: ModelOrder[] = [];
        const pick = (i: number, ok: (o: ModelOrder) => boolean) => {
          const c = orders.filter(ok);
          return c.length ? c[i % c.length] : undefined;
        };
        const accrue = (o: ModelOrder) => {
          for (const s of o.shares) model.get(s.sellerId)!.pending += s.amount;
        };
        const pay = async (o: ModelOrder) => {
          const r = await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total });
          expect(r.body.outcome).toBe('paid');
          o.status = 'paid';
          accrue(o);
        };

        for (const cmd of cmds) {
          switch (cmd.t) {
            case 'order': {
              const p = products[cmd.product]!;
              const seller = cmd.seller === null ? null : ids[cmd.seller]!;
              const ref = seller ? await signToken(TEST_BINDINGS.JWT_KEYS, 'ref', { sub: seller, lid: `l_${uniq().replace(/[^0-9a-z]/g, '')}`, ch: 'wechat' }, 3600) : undefined;
              const r = await placeOrder(orderBody([{ productId: p.id, quantity: cmd.qty }], ref ? { ref } : {}));
              expect(r.status).toBe(201);
              const shares = seller
                ? computeOrderCommissions({ lines: [{ paidAmount: p.price * cmd.qty, level1Bps: p.l1, level2Bps: p.l2 }], seller: { id: seller, inviterId: inviterOf[seller]! }, commissionable: true }).map((s) => ({
                    sellerId: s.sellerId,
                    level: s.level as number,
                    amount: s.amount.amount,
                  }))
                : [];
              const o: ModelOrder = { id: r.body.order.id, total: r.body.order.total, status: 'pending_payment', shares, released: false };
              orders.push(o);
              if (cmd.pay) await pay(o);
              break;
            }
            case 'pay': {
              const o = pick(cmd.i, (x) => x.status === 'pending_payment');
              if (o) await pay(o);
              break;
            }
            case 'deliver': {
              const o = pick(cmd.i, (x) => x.status === 'paid');
              if (!o) break;
              expect((await callJson(`/api/ops/orders/${o.id}/ship`, { token: ops, body: { carrier: 'SF', trackingNumber: 'SF1' } })).status).toBe(200);
              expect((await callJson(`/api/ops/orders/${o.id}/deliver`, { token: ops, method: 'POST' })).status).toBe(200);
              o.status = 'delivered';
              break;
            }
            case 'release': {
              // Far past every hold; only this run's orders.
              await releaseDueCommissions(d, { now: new Date(Date.now() + 30 * 86_400_000), holdDays: 7, onlyOrderIds: orders.map((o) => o.id) });
              for (const o of orders) {
                if (o.status !== 'delivered' || o.released) continue;
                o.released = true;
                for (const s of o.shares) {
                  model.get(s.sellerId)!.pending -= s.amount;
                  model.get(s.sellerId)!.availablePlusPaid += s.amount;
                }
              }
              break;
            }
            case 'refund': {
              const o = pick(cmd.i, (x) => x.status === 'paid' || x.status === 'delivered');
              if (!o) break;
              const r = await callJson(`/api/ops/orders/${o.id}/refund`, { token: ops, method: 'POST' });
              expect(r.status).toBe(200);
              expect(r.body.order.status).toBe('refunded');
              o.status = 'refunded';
              for (const s of o.shares) {
                const m = model.get(s.sellerId)!;
                if (o.released) m.availablePlusPaid -= s.amount;
                else m.pending -= s.amount;
                m.reversed += s.amount;
              }
              break;
            }
            case 'withdraw': {
              // Each seller withdraws their whole available balance (no program minimum here).
              for (const sid of ids) {
                const { available } = await sellerBalances(d, sid);
                if (available <= 0) continue;
                await takeWithdrawal(d, sid, { amount: { amount: available, currency: 'CNY' }, method: { kind: 'bank', account: '6222000011112222', name: 'Prop' } }, 0);
              }
              break;
            }
          }
        }
        await check(ids, model, orders);
      }),
      {
        numRuns: 25,
        endOnFailure: true,
        // Always-run sequences that reach every correction: refund after a withdrawal (clawback),
        // after release (reverse from available), before release (reverse from pending).
        examples: [
          [
            [
              { t: 'order', seller: 2, product: 0, qty: 3, pay: true },
              { t: 'order', seller: 1, product: 1, qty: 1, pay: true },
              { t: 'deliver', i: 0 },
              { t: 'release' },
              { t: 'withdraw' },
              { t: 'refund', i: 0 },
              { t: 'deliver', i: 0 },
              { t: 'release' },
              { t: 'refund', i: 0 },
              { t: 'order', seller: 0, product: 1, qty: 2, pay: true },
              { t: 'refund', i: 0 },
              { t: 'withdraw' },
            ],
          ],
        ],
      },
    );
    // The runs did reach every kind of correction (the examples guarantee it).
    for (const kind of ['clawback', 'reverse:available', 'reverse:pending', 'withdraw', 'release']) expect(seen.has(kind), kind).toBe(true);
  }, 240_000);
});
