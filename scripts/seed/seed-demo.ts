// The demo catalog and the two demo sellers (lily, chen), as rows. Fixed ids + ON CONFLICT DO
// NOTHING make re-running it a no-op. Takes a drizzle client, so a test can seed a fresh database.
import { hashPassword } from '../../workers/services/identity/passwords';
import type { Db } from '../../workers/storage/db';
import { accounts, products, productVariants, sellers, storefrontPicks } from '../../workers/storage/schema';

export const DEMO_SELLER_PASSWORD = 'pinlink-seller-dev';
export const DEMO_SELLERS = [
  { id: 's_demoLily00001', accountId: 'a_demoLily00001', email: 'lily@pinlink.local', handle: 'lily_tea', displayName: '莉莉 Lily', bio: '喝了十年茶，只推荐自己回购的。Ten years of tea; I only share what I rebuy.', focusCategory: '茶饮 Tea', inviteCode: 'LILY2026', inviterId: null },
  { id: 's_demoChen00001', accountId: 'a_demoChen00001', email: 'chen@pinlink.local', handle: 'chen_snacks', displayName: '陈小吃 Chen', bio: '办公室零食担当。The office snack scout.', focusCategory: '零食 Snacks', inviteCode: 'CHEN2026', inviterId: 's_demoLily00001' },
] as const;

/** A demo variant: `key` makes its fixed id; `group` its own group price. */
export type DemoVariant = { key: string; sku: string; options: Record<string, string>; price: number; stock: number; group?: number };

export type Demo = {
  key: string;
  title: string;
  category: string;
  palette: string;
  label: string;
  price: number;
  stock: number;
  l1: number;
  l2: number;
  /** `leader`: the group leader price (团长价). */
  group?: { size: number; price: number; minutes: number; leader?: number };
  /** 限购. */
  limits?: { perOrder?: number; perBuyer?: number };
  description: string;
  options?: { name: string; values: string[] }[];
  variants?: DemoVariant[];
};

/** Every combination of the options, priced and stocked by `f` (null: that combination is not sold). */
function grid(options: { name: string; values: string[] }[], f: (values: string[], i: number) => Omit<DemoVariant, 'key' | 'options'> | null): DemoVariant[] {
  const combos = options.reduce<string[][]>((rows, o) => rows.flatMap((r) => o.values.map((v) => [...r, v])), [[]]);
  return combos.flatMap((values, i) => {
    const v = f(values, i);
    return v ? [{ ...v, key: String(i + 1).padStart(2, '0'), options: Object.fromEntries(options.map((o, j) => [o.name, values[j]!])) }] : [];
  });
}

const TEE_OPTIONS = [
  { name: '颜色', values: ['白', '黑', '雾蓝'] },
  { name: '尺码', values: ['S', 'M', 'L', 'XL'] },
];
const TEA_OPTIONS = [{ name: '重量', values: ['100g', '250g', '500g'] }];
const LIPSTICK_OPTIONS = [{ name: '色号', values: ['#01 正红', '#02 豆沙', '#03 枫叶', '#04 奶茶'] }];

/** Products with real options (colours and sizes, weights, shades), sold as their variants. */
const VARIANT_PRODUCTS: Demo[] = [
  {
    key: 'App00001',
    title: '纯棉重磅圆领T恤',
    category: '服饰 Apparel',
    palette: 'home',
    label: 'T恤',
    price: 0,
    stock: 0,
    l1: 1200,
    l2: 300,
    group: { size: 3, price: 4900, minutes: 1440 },
    description: '260g 新疆棉，不透不变形。\nHeavyweight Xinjiang cotton tee that keeps its shape.',
    options: TEE_OPTIONS,
    variants: grid(TEE_OPTIONS, ([colour, size]) => ({
      sku: `TEE-${colour === '白' ? 'W' : colour === '黑' ? 'B' : 'U'}-${size}`,
      price: colour === '白' ? 5900 : 6900,
      stock: size === 'XL' ? 8 : 40,
      group: colour === '白' ? 4900 : 5900,
    })),
  },
  {
    key: 'Tea00005',
    title: '武夷山正山小种红茶',
    category: '茶饮 Tea',
    palette: 'tea',
    label: '小种',
    price: 0,
    stock: 0,
    l1: 1000,
    l2: 300,
    description: '桐木关松烟香，蜜甜耐泡。\nLapsang souchong from Tongmuguan, smoky and honey-sweet.',
    options: TEA_OPTIONS,
    variants: grid(TEA_OPTIONS, ([weight]) => ({ sku: `LS-${weight}`, price: weight === '100g' ? 6800 : weight === '250g' ? 14800 : 26800, stock: weight === '500g' ? 30 : 120 })),
  },
  {
    key: 'Bty00004',
    title: '丝绒哑光口红',
    category: '美妆 Beauty',
    palette: 'beauty',
    label: '口红',
    price: 0,
    stock: 0,
    l1: 1500,
    l2: 400,
    group: { size: 2, price: 9900, minutes: 1440 },
    description: '轻薄不拔干，四个日常色号。\nA soft matte lipstick in four everyday shades.',
    options: LIPSTICK_OPTIONS,
    variants: grid(LIPSTICK_OPTIONS, ([shade]) => ({ sku: `LIP-${shade!.slice(1, 3)}`, price: 12900, stock: shade === '#04 奶茶' ? 6 : 60 })),
  },
].map((p) => ({ ...p, price: Math.min(...p.variants!.map((v) => v.price)), stock: p.variants!.reduce((a, v) => a + v.stock, 0) }));

export const DEMO_PRODUCTS: Demo[] = [
  { key: 'Tea00001', title: '明前西湖龙井 250g 礼盒', category: '茶饮 Tea', palette: 'tea', label: '龙井', price: 26800, stock: 120, l1: 1000, l2: 300, group: { size: 3, price: 19900, minutes: 1440, leader: 17900 }, limits: { perOrder: 2, perBuyer: 4 }, description: '杭州西湖产区明前头采，豆香清雅。\nPre-Qingming West Lake Longjing, first picking.' },
  { key: 'Tea00002', title: '云南古树普洱熟茶饼 357g', category: '茶饮 Tea', palette: 'tea', label: '普洱', price: 18800, stock: 80, l1: 1200, l2: 300, description: '勐海古树原料，七年陈化。\nAncient-tree Pu-erh from Menghai, aged seven years.' },
  { key: 'Tea00003', title: '福鼎白茶 白牡丹 100g', category: '茶饮 Tea', palette: 'tea', label: '白茶', price: 9900, stock: 200, l1: 1000, l2: 200, group: { size: 2, price: 7900, minutes: 720 }, description: '花香清甜，可冲泡可煮饮。\nFuding white peony, floral and sweet.' },
  { key: 'Tea00004', title: 'Cold Brew Jasmine Tea Bags (30 pack)', category: '茶饮 Tea', palette: 'tea', label: 'Jasmine', price: 4500, stock: 300, l1: 800, l2: 200, description: 'Jasmine green tea for cold brewing in four hours.\n冷泡茉莉绿茶，四小时出汤。' },
  { key: 'Snk00001', title: '每日坚果 30袋 混合装', category: '零食 Snacks', palette: 'snacks', label: '坚果', price: 12900, stock: 500, l1: 800, l2: 200, group: { size: 5, price: 8900, minutes: 1440 }, description: '六种坚果果干，独立小包装。\nSix nuts and dried fruits, one pouch a day.' },
  { key: 'Snk00002', title: '四川麻辣牛肉干 200g', category: '零食 Snacks', palette: 'snacks', label: '牛肉干', price: 5900, stock: 150, l1: 1000, l2: 300, description: '手撕风干牛肉，麻辣够味。\nSichuan spicy air-dried beef.' },
  { key: 'Snk00003', title: '芒果干 无添加 500g', category: '零食 Snacks', palette: 'fruit', label: '芒果干', price: 3990, stock: 260, l1: 900, l2: 200, group: { size: 3, price: 2990, minutes: 1440 }, description: '泰国芒果，无糖无添加。\nThai mango, no added sugar.' },
  { key: 'Snk00004', title: 'Sea Salt Seaweed Crisps (12 packs)', category: '零食 Snacks', palette: 'snacks', label: 'Seaweed', price: 2990, stock: 400, l1: 700, l2: 200, description: 'Crisp roasted seaweed with a pinch of sea salt.\n海盐烤海苔。' },
  { key: 'Bty00001', title: '玻尿酸补水面膜 10片', category: '美妆 Beauty', palette: 'beauty', label: '面膜', price: 8900, stock: 220, l1: 1500, l2: 400, group: { size: 4, price: 5900, minutes: 2880 }, description: '深层补水，敏感肌可用。\nHyaluronic sheet masks, gentle on sensitive skin.' },
  { key: 'Bty00002', title: '氨基酸洗面奶 120g', category: '美妆 Beauty', palette: 'beauty', label: '洁面', price: 6900, stock: 180, l1: 1200, l2: 300, description: '温和清洁不紧绷。\nAmino-acid cleanser that never feels tight.' },
  { key: 'Bty00003', title: 'Mineral Sunscreen SPF50 PA++++', category: '美妆 Beauty', palette: 'beauty', label: 'SPF50', price: 11900, stock: 90, l1: 1200, l2: 300, description: 'Light mineral sunscreen for daily wear.\n轻薄物理防晒。' },
  { key: 'Hom00001', title: '日式陶瓷马克杯 两只装', category: '家居 Home', palette: 'home', label: '马克杯', price: 7900, stock: 140, l1: 1000, l2: 250, group: { size: 2, price: 5900, minutes: 1440 }, description: '手工釉色，每只都不一样。\nHand-glazed mugs, no two alike.' },
  { key: 'Hom00002', title: '长绒棉四件套 1.8m', category: '家居 Home', palette: 'home', label: '四件套', price: 39900, stock: 60, l1: 800, l2: 200, description: '新疆长绒棉，越洗越软。\nXinjiang long-staple cotton bedding set.' },
  { key: 'Hom00003', title: 'Aroma Diffuser with Timer', category: '家居 Home', palette: 'home', label: 'Aroma', price: 15900, stock: 75, l1: 900, l2: 200, description: 'Quiet ultrasonic diffuser with a warm night light.\n静音香薰机。' },
  ...VARIANT_PRODUCTS,
];

export const demoProductId = (key: string) => `p_demo${key}`;
export const demoVariantId = (productKey: string, variantKey: string) => `u_demo${productKey}v${variantKey}`;

export async function seedDemoInto(db: Db) {
  await db
    .insert(products)
    .values(
      DEMO_PRODUCTS.map((p, i) => ({
        id: demoProductId(p.key),
        title: p.title,
        description: p.description,
        category: p.category,
        images: [`/img/${p.palette}/${encodeURIComponent(p.label)}.svg`],
        priceAmount: p.price,
        priceMaxAmount: p.variants ? Math.max(...p.variants.map((v) => v.price)) : null,
        options: p.options ?? [],
        stock: p.stock,
        level1Bps: p.l1,
        level2Bps: p.l2,
        groupSize: p.group?.size ?? null,
        groupPriceAmount: p.group?.price ?? null,
        groupDurationMinutes: p.group?.minutes ?? null,
        groupLeaderPriceAmount: p.group?.leader ?? null,
        limits: p.limits ?? null,
        createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
      })),
    )
    .onConflictDoNothing();
  const variantRows = DEMO_PRODUCTS.flatMap((p) =>
    (p.variants ?? []).map((v, position) => ({
      id: demoVariantId(p.key, v.key),
      productId: demoProductId(p.key),
      sku: v.sku,
      options: v.options,
      priceAmount: v.price,
      stock: v.stock,
      groupPriceAmount: v.group ?? null,
      position,
    })),
  );
  if (variantRows.length) await db.insert(productVariants).values(variantRows).onConflictDoNothing();
  const passwordHash = await hashPassword(DEMO_SELLER_PASSWORD);
  for (const s of DEMO_SELLERS) {
    const inviter = DEMO_SELLERS.find((x) => x.id === s.inviterId);
    await db.insert(accounts).values({ id: s.accountId, email: s.email, passwordHash, role: 'seller' }).onConflictDoNothing();
    await db
      .insert(sellers)
      .values({
        id: s.id,
        accountId: s.accountId,
        handle: s.handle,
        displayName: s.displayName,
        bio: s.bio,
        focusCategory: s.focusCategory,
        inviteCode: s.inviteCode,
        inviterId: s.inviterId,
        path: inviter ? `/${inviter.id}/${s.id}/` : `/${s.id}/`,
        depth: inviter ? 1 : 0,
      })
      .onConflictDoNothing();
  }
  const picks: [string, string[]][] = [
    ['s_demoLily00001', ['Tea00001', 'Tea00002', 'Tea00003', 'Tea00004', 'Hom00001', 'Bty00001', 'Tea00005', 'Bty00004']],
    ['s_demoChen00001', ['Snk00001', 'Snk00002', 'Snk00003', 'Snk00004', 'Tea00003', 'App00001']],
  ];
  for (const [sellerId, keys] of picks) {
    await db
      .insert(storefrontPicks)
      .values(keys.map((k, position) => ({ sellerId, productId: demoProductId(k), position })))
      .onConflictDoNothing();
  }
  return { products: DEMO_PRODUCTS.length, sellers: DEMO_SELLERS.length };
}
