// Demo history, part 1 (pure): a three-level invitation network of 30 sellers under lily, their
// share links, and 30 days of daily click aggregates by channel, device and country.
import { utcDay } from '../../shared/links/clicks';
import type { linkDailyStats, links, sellers } from '../../workers/storage/schema';
import { DEMO_SELLERS, demoProductId } from './seed-demo';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MIN = 60_000;

/** A small seeded PRNG (mulberry32): the same history every run, so a re-run finds the same rows. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export type SellerInsert = typeof sellers.$inferInsert & { email: string; weight: number; picks: string[] };
export type LinkInsert = typeof links.$inferInsert;
export type StatsInsert = typeof linkDailyStats.$inferInsert;

const LILY = DEMO_SELLERS[0];
const CHEN = DEMO_SELLERS[1];

// [handle, display name, focus, product picks]: level 1 under lily, then levels 2 and 3.
const LEVEL1: [string, string, string, string[]][] = [
  ['mei_glow', '美美 Mei', '美妆 Beauty', ['Bty00001', 'Bty00002', 'Bty00003']],
  ['wang_home', '王家居 Wang', '家居 Home', ['Hom00001', 'Hom00002', 'Hom00003']],
  ['zhao_run', '赵跑跑 Zhao', '零食 Snacks', ['Snk00001', 'Snk00002']],
  ['sun_mama', '孙妈妈 Sun', '家居 Home', ['Snk00003', 'Hom00001', 'Tea00003']],
  ['he_reads', '何书单 He', '茶饮 Tea', ['Tea00002', 'Tea00004']],
];
const LEVEL2 = ['xiao_yu', 'an_qi', 'bai_lu', 'cai_cai', 'ding_dang', 'fang_fang', 'gu_yue', 'hua_hua', 'jia_jia', 'kai_xin', 'lan_lan', 'ma_li', 'ning_ning', 'ou_yang'];
const LEVEL2_NAMES = ['小雨', '安琪', '白露', '菜菜', '叮当', '芳芳', '顾月', '花花', '佳佳', '开心', '兰兰', '玛丽', '宁宁', '欧阳'];
const LEVEL3 = ['pei_pei', 'qiu_qiu', 'rong_er', 'shu_shu', 'tang_guo', 'wei_wei', 'xi_xi', 'yao_yao', 'zhu_zhu'];
const LEVEL3_NAMES = ['佩佩', '球球', '蓉儿', '书书', '糖果', '薇薇', '希希', '瑶瑶', '竹竹'];
const ALL_KEYS = ['Tea00001', 'Tea00002', 'Tea00003', 'Tea00004', 'Snk00001', 'Snk00002', 'Snk00003', 'Snk00004', 'Bty00001', 'Bty00002', 'Bty00003', 'Hom00001', 'Hom00002', 'Hom00003'];
export const CHANNELS = ['wechat', 'xiaohongshu', 'douyin', 'weibo'] as const;

/** The 28 new sellers (lily and chen come from seed-demo) plus the activity weight of all 30. */
export function planNetwork(now: number, r: Rng): { added: SellerInsert[]; weights: Map<string, number>; picks: Map<string, string[]> } {
  const added: SellerInsert[] = [];
  const weights = new Map<string, number>([
    [LILY.id, 1],
    [CHEN.id, 0.7],
  ]);
  const picks = new Map<string, string[]>([
    [LILY.id, ['Tea00001', 'Tea00003', 'Hom00001', 'Bty00001', 'Tea00002']],
    [CHEN.id, ['Snk00001', 'Snk00003', 'Snk00002']],
  ]);
  const paths = new Map<string, string>([
    [LILY.id, `/${LILY.id}/`],
    [CHEN.id, `/${LILY.id}/${CHEN.id}/`],
  ]);
  let n = 0;
  const add = (inviterId: string, depth: number, handle: string, displayName: string, focus: string, myPicks: string[], weight: number) => {
    n++;
    const nn = String(n).padStart(2, '0');
    const id = `s_demoNet000${nn}`;
    const path = `${paths.get(inviterId)}${id}/`;
    paths.set(id, path);
    weights.set(id, weight);
    picks.set(id, myPicks);
    added.push({
      id,
      accountId: `a_demoNet000${nn}`,
      email: `net${nn}@pinlink.local`,
      handle,
      displayName,
      bio: '',
      focusCategory: focus,
      inviteCode: `NET${nn}2026`,
      inviterId,
      path,
      depth,
      createdAt: new Date(now - (58 - depth * 9 - r.between(0, 6)) * DAY),
      weight,
      picks: myPicks,
    });
    return id;
  };
  const level1 = [CHEN.id, ...LEVEL1.map(([h, d, f, p]) => add(LILY.id, 1, h, d, f, p, 0.35))];
  const level2 = LEVEL2.map((h, i) => add(level1[[0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5][i]!]!, 2, h, LEVEL2_NAMES[i]!, '', [r.pick(ALL_KEYS), r.pick(ALL_KEYS)], 0.15));
  LEVEL3.forEach((h, i) => add(level2[i]!, 3, h, LEVEL3_NAMES[i]!, '', [r.pick(ALL_KEYS)], 0.08));
  return { added, weights, picks };
}

/** Share links per seller: product links on their picks and a storefront link, across channels. */
export function planLinks(sellerIds: string[], weights: Map<string, number>, picks: Map<string, string[]>, now: number, r: Rng): LinkInsert[] {
  const out: LinkInsert[] = [];
  sellerIds.forEach((sellerId, si) => {
    const w = weights.get(sellerId) ?? 0.1;
    const count = w >= 0.7 ? 5 : w >= 0.3 ? 3 : r.int(1, 2);
    const mine = picks.get(sellerId) ?? [];
    for (let k = 0; k < count; k++) {
      const storefront = k === 1 || mine.length === 0;
      const code = `DemoLk${String(si).padStart(2, '0')}${k}`;
      out.push({
        id: `l_demo${String(si).padStart(2, '0')}${k}`,
        code,
        sellerId,
        kind: storefront ? 'storefront' : 'product',
        productId: storefront ? null : demoProductId(mine[k % mine.length]!),
        // The last link of a busy seller is shared without a channel tag (counted as direct).
        channel: k === count - 1 && count > 2 ? null : CHANNELS[(si + k) % CHANNELS.length]!,
        createdAt: new Date(now - 31 * DAY - r.between(0, 5) * DAY),
      });
    }
  });
  return out;
}

const CHANNEL_PULL: Record<string, number> = { wechat: 1.4, xiaohongshu: 1.1, douyin: 0.9, weibo: 0.5, direct: 0.4 };

/**
 * Daily aggregates for days -29..-1 (today is left to the live ClickCounter, which writes
 * absolute day totals). Human clicks split by device and country; bots only on the total row.
 */
export function planClicks(linkRows: LinkInsert[], weights: Map<string, number>, now: number, r: Rng): { stats: StatsInsert[]; clicksByLinkDay: Map<string, number> } {
  const stats: StatsInsert[] = [];
  const clicksByLinkDay = new Map<string, number>();
  for (const l of linkRows) {
    const w = weights.get(l.sellerId) ?? 0.1;
    const pull = CHANNEL_PULL[l.channel ?? 'direct'] ?? 1;
    for (let d = 29; d >= 1; d--) {
      const at = now - d * DAY;
      const weekday = new Date(at).getUTCDay();
      const growth = 0.6 + (0.8 * (30 - d)) / 30;
      const mean = 14 * w * pull * growth * (weekday === 0 || weekday === 6 ? 1.3 : 1);
      const clicks = Math.max(0, Math.round(mean * r.between(0.6, 1.4)));
      if (clicks === 0) continue;
      const day = utcDay(at);
      clicksByLinkDay.set(`${l.id}|${day}`, clicks);
      const desktop = Math.round(clicks * r.between(0.08, 0.2));
      const tablet = Math.round(clicks * r.between(0, 0.05));
      const abroad = Math.round(clicks * r.between(0, 0.06));
      const hk = Math.round(abroad / 2);
      const row = (dimension: string, n: number) => {
        if (n > 0) stats.push({ linkId: l.id!, day, dimension, clicks: n, uniqueVisitors: Math.max(1, Math.round(n * 0.85)), botClicks: 0, updatedAt: new Date(at + DAY) });
      };
      stats.push({ linkId: l.id!, day, dimension: 'total', clicks, uniqueVisitors: Math.max(1, Math.round(clicks * r.between(0.7, 0.9))), botClicks: Math.round(clicks * r.between(0, 0.08)), updatedAt: new Date(at + DAY) });
      row('device:mobile', clicks - desktop - tablet);
      row('device:desktop', desktop);
      row('device:tablet', tablet);
      row('country:CN', clicks - abroad);
      row('country:HK', hk);
      row('country:US', abroad - hk);
    }
  }
  return { stats, clicksByLinkDay };
}
