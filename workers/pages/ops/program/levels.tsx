// /ops/levels: the seller levels (分销等级) and a form to add one.
import { moneyIn, type Locale } from '../../../../shared/i18n';
import type { LevelView } from '../../../../shared/program/distribution-schemas';
import { useLang } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { OpsShell } from '../shell';

const TEXT = {
  'zh-CN': {
    title: '分销等级',
    intro: '卖家的佣金 = 商品佣金率 × (1 + 加成)。满足某个等级的全部条件时，卖家在那笔付款到账时自动升级；不会自动降级。没有条件的等级只能由运营手动设置。升级只影响之后的订单。',
    empty: '还没有等级。用下面的表单添加第一个。',
    rank: '级别',
    name: '名称',
    boost: '佣金加成',
    conditions: '升级条件',
    manualOnly: '仅手动设置',
    paidOrders: (n: number) => `成交订单 ≥ ${n}`,
    sales: (m: string) => `销售额 ≥ ${m}`,
    invitees: (n: number) => `有成交的下级 ≥ ${n}`,
    add: '添加等级',
    rankHint: '1–10，不能重复；数字越大等级越高。',
    boostLabel: '加成（万分比，0–10000）',
    boostHint: '例如 2000 = 佣金 +20%。',
    ordersLabel: '成交订单数（可不填）',
    salesLabel: '销售额，元（可不填）',
    inviteesLabel: '有成交的下级人数（可不填）',
    create: '创建',
    created: '等级已创建。',
  },
  en: {
    title: 'Seller levels',
    intro: "A seller earns the product's rate × (1 + boost). A seller moves up by themselves when the payment that meets every condition of a level arrives, and never moves down by themselves. A level with no condition is set by ops only. An upgrade applies to orders made after it.",
    empty: 'No levels yet. Add the first one with the form below.',
    rank: 'Rank',
    name: 'Name',
    boost: 'Boost',
    conditions: 'Moves up at',
    manualOnly: 'Set by ops only',
    paidOrders: (n: number) => `paid orders ≥ ${n}`,
    sales: (m: string) => `sales ≥ ${m}`,
    invitees: (n: number) => `invitees with a sale ≥ ${n}`,
    add: 'Add a level',
    rankHint: '1–10, each used once; higher is better.',
    boostLabel: 'Boost (basis points, 0–10000)',
    boostHint: 'For example 2000 = commission +20%.',
    ordersLabel: 'Paid orders (optional)',
    salesLabel: 'Sales in yuan (optional)',
    inviteesLabel: 'Invitees with a sale (optional)',
    create: 'Create',
    created: 'Level created.',
  },
} satisfies Record<Locale, unknown>;

export const levelsPageText = (lang: Locale) => TEXT[lang];

export function OpsLevelsPage(props: { meta: Meta; levels: LevelView[]; created?: boolean; error?: string }) {
  const lang = useLang();
  const t = TEXT[lang];
  const conditions = (l: LevelView) => {
    const u = l.upgrade;
    const parts = [
      u.paidOrders !== undefined ? t.paidOrders(u.paidOrders) : null,
      u.sales ? t.sales(moneyIn(lang, u.sales)) : null,
      u.invitees !== undefined ? t.invitees(u.invitees) : null,
    ].filter((x): x is string => x !== null);
    return parts.length ? parts.join(' · ') : t.manualOnly;
  };
  return (
    <OpsShell meta={props.meta} current="sellers">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      {props.created && (
        <p class="notice" role="status">
          {t.created}
        </p>
      )}
      <DataTable
        rows={props.levels}
        rowAttrs={(l) => ({ 'data-level': l.id })}
        empty={t.empty}
        columns={[
          { label: t.rank, numeric: true, cell: (l) => String(l.rank) },
          { label: t.name, rowHeader: true, cell: (l) => l.name },
          { label: t.boost, numeric: true, cell: (l) => `+${(l.boostBps / 100).toFixed(l.boostBps % 100 === 0 ? 0 : 2)}%` },
          { label: t.conditions, wrap: true, cell: (l) => conditions(l) },
        ]}
      />
      <form class="panel form" method="post" action="/ops/levels">
        <h2>{t.add}</h2>
        {props.error && (
          <p class="alert" role="alert">
            {props.error}
          </p>
        )}
        <label for="lv-name">{t.name}</label>
        <input id="lv-name" type="text" name="name" maxlength={40} required />
        <label for="lv-rank">{t.rank}</label>
        <input id="lv-rank" type="number" name="rank" min={1} max={10} required aria-describedby="lv-rank-hint" />
        <p class="hint" id="lv-rank-hint">
          {t.rankHint}
        </p>
        <label for="lv-boost">{t.boostLabel}</label>
        <input id="lv-boost" type="number" name="boostBps" min={0} max={10000} required aria-describedby="lv-boost-hint" />
        <p class="hint" id="lv-boost-hint">
          {t.boostHint}
        </p>
        <label for="lv-orders">{t.ordersLabel}</label>
        <input id="lv-orders" type="number" name="paidOrders" min={1} />
        <label for="lv-sales">{t.salesLabel}</label>
        <input id="lv-sales" type="number" name="sales" min={0.01} step="0.01" />
        <label for="lv-invitees">{t.inviteesLabel}</label>
        <input id="lv-invitees" type="number" name="invitees" min={1} />
        <button class="btn primary" type="submit">
          {t.create}
        </button>
      </form>
    </OpsShell>
  );
}
