// A history's fixtures: its products, variants and sellers as rows written in bulk before the
// histories start, and the context it starts from.
import { signToken } from '../../workers/services/identity/tokens';
import type { Db } from '../../workers/storage/db';
import { accounts, products, productVariants, sellers } from '../../workers/storage/schema';
import { TEST_BINDINGS } from '../bindings';
import type { Ctx } from './context';
import type { History } from './generate';
import { bargainProductRow } from './plays/bargains';
import { limitProductRow } from './plays/limit-ops';

type NewProduct = typeof products.$inferInsert;
type NewVariant = typeof productVariants.$inferInsert;
type NewAccount = typeof accounts.$inferInsert;
type NewSeller = typeof sellers.$inferInsert;

const SIZES = ['S', 'M'] as const;

/**
 * The history's fresh products, as rows: written in bulk before the histories start (ops' API
 * would cost a request each). The third has options, sold as its two variants; the fourth has
 * purchase limits (limit-ops.ts).
 */
export function productRows(h: History, tag: string): NewProduct[] {
  const base = { description: 'history', category: 'History', images: ['/img/tea/Test.svg'], level1Bps: 1000, level2Bps: 300 };
  return [
    { ...base, id: `p_${tag}a`, title: `plain ${tag}`, priceAmount: 3000, stock: h.stock[0] },
    { ...base, id: `p_${tag}b`, title: `group ${tag}`, priceAmount: 5000, stock: h.stock[1], groupSize: h.groupSize, groupPriceAmount: 4000, groupDurationMinutes: 60 },
    { ...base, id: `p_${tag}c`, title: `variants ${tag}`, priceAmount: 2000, priceMaxAmount: 2500, stock: h.vstock[0] + h.vstock[1], options: [{ name: '尺码', values: [...SIZES] }] },
    limitProductRow(h, tag),
    bargainProductRow(tag),
  ];
}

export function variantRows(h: History, tag: string): NewVariant[] {
  return SIZES.map((size, i) => ({ id: `u_${tag}v${i}`, productId: `p_${tag}c`, options: { 尺码: size }, priceAmount: 2000 + 500 * i, stock: h.vstock[i]!, position: i }));
}

/** The history's own sellers, B invited by A, so a withdrawal or a balance never mixes histories. */
export function sellerRows(tag: string): { accounts: NewAccount[]; sellers: NewSeller[] } {
  const a = `s_${tag}a`;
  const b = `s_${tag}b`;
  return {
    accounts: [a, b].map((id) => ({ id: `a_${id.slice(2)}`, email: `${id}@hist.test`, passwordHash: 'x', role: 'seller' as const })),
    sellers: [
      { id: a, accountId: `a_${a.slice(2)}`, handle: `${tag}a`.slice(0, 30).toLowerCase(), displayName: a, inviteCode: `${tag}a`, inviterId: null, path: `/${a}/`, depth: 0 },
      { id: b, accountId: `a_${b.slice(2)}`, handle: `${tag}b`.slice(0, 30).toLowerCase(), displayName: b, inviteCode: `${tag}b`, inviterId: a, path: `/${a}/${b}/`, depth: 1 },
    ],
  };
}

export async function insertFixtures(db: Db, rows: { products: NewProduct[]; variants?: NewVariant[]; accounts: NewAccount[]; sellers: NewSeller[] }): Promise<void> {
  for (let i = 0; i < rows.products.length; i += 500) await db.insert(products).values(rows.products.slice(i, i + 500));
  const variants = rows.variants ?? [];
  for (let i = 0; i < variants.length; i += 500) await db.insert(productVariants).values(variants.slice(i, i + 500));
  for (let i = 0; i < rows.accounts.length; i += 500) await db.insert(accounts).values(rows.accounts.slice(i, i + 500));
  // Inviters first: a seller row refers to its inviter's.
  const bySeq = [...rows.sellers].sort((x, y) => x.depth! - y.depth!);
  for (let i = 0; i < bySeq.length; i += 500) await db.insert(sellers).values(bySeq.slice(i, i + 500));
}

export async function newCtx(h: History, tag: string, db: Db): Promise<Ctx> {
  const [plain, group] = productRows(h, tag);
  const a = `s_${tag}a`;
  const b = `s_${tag}b`;
  // The attribution token a click on B's link gives (signed as /r/:code signs it).
  const ref = await signToken(TEST_BINDINGS.JWT_KEYS, 'ref', { sub: b, lid: `l_${tag}`, ch: 'wechat' }, 3600);
  return {
    h,
    tag,
    db,
    sellers: { a, b, ref },
    products: [{ id: plain!.id!, stock: h.stock[0] }, { id: group!.id!, stock: h.stock[1] }],
    variants: { productId: `p_${tag}c`, items: [{ id: `u_${tag}v0`, stock: h.vstock[0] }, { id: `u_${tag}v1`, stock: h.vstock[1] }] },
    keys: [],
    vkeys: [],
    vorders: [],
    rkeys: [],
    orders: [],
    groups: [],
    withdrawals: [],
    afterSales: [],
    lorders: [],
    events: [],
    clock: 0,
    unexpected: [],
    doing: new Set(),
    abandoned: false,
  };
}
