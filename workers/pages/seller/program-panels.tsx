// The seller's place in the distribution program on /me: their code (推广码) with a form to set
// or replace it, and their level (分销等级) with what is still missing for the next one.
import { moneyIn, type Locale } from '../../../shared/i18n';
import type { LevelStanding } from '../../../shared/program/distribution-schemas';
import type { Money } from '../../../shared/money';
import { useLang } from '../i18n';
import { Alert } from './dashboard-shell';

export interface ProgramPanelData {
  code: string | null;
  percentOff: number;
  maxDiscount?: Money;
  /** A pending or rejected seller cannot create codes yet. */
  mayCreate: boolean;
  level: LevelStanding;
  boundBuyers: number;
  error?: string;
}

const TEXT = {
  'zh-CN': {
    codeTitle: '我的推广码',
    noCode: '还没有推广码。设一个好记的，直播时念给观众听。',
    codeHelp: (pct: number, cap?: string) => `买家下单时填这个码，立减 ${pct}%${cap ? `（最多 ${cap}）` : ''}，订单算你的。`,
    codeLabel: '推广码（4–16 位字母或数字）',
    setCode: '设为推广码',
    replaceCode: '换一个推广码',
    replaceNote: '换码后，旧码立即失效。',
    notYet: '审核通过后才能创建推广码。',
    levelTitle: '我的等级',
    noLevel: '还没有等级',
    boost: (pct: string) => `佣金加成 +${pct}`,
    next: (name: string) => `升到「${name}」还差：`,
    orders: (n: number) => `${n} 笔成交订单`,
    sales: (m: string) => `${m} 销售额`,
    invitees: (n: number) => `${n} 位有成交的下级`,
    top: '已经是最高等级，或没有可自动升级的等级。',
    bound: (n: number) => `锁定的买家：${n} 位`,
  },
  en: {
    codeTitle: 'My seller code',
    noCode: 'No code yet. Pick one that is easy to say out loud in a livestream.',
    codeHelp: (pct: number, cap?: string) => `Buyers who enter it get ${pct}% off${cap ? ` (up to ${cap})` : ''}, and the order is yours.`,
    codeLabel: 'Code (4–16 letters or digits)',
    setCode: 'Set code',
    replaceCode: 'Replace code',
    replaceNote: 'The old code stops working as soon as you replace it.',
    notYet: 'You can create a code once your account is approved.',
    levelTitle: 'My level',
    noLevel: 'No level yet',
    boost: (pct: string) => `Commission boost +${pct}`,
    next: (name: string) => `Still missing for ${name}:`,
    orders: (n: number) => `${n} paid order${n === 1 ? '' : 's'}`,
    sales: (m: string) => `${m} in sales`,
    invitees: (n: number) => `${n} invitee${n === 1 ? '' : 's'} with a sale`,
    top: 'You are at the top level, or no higher level upgrades by itself.',
    bound: (n: number) => `Buyers bound to you: ${n}`,
  },
} satisfies Record<Locale, unknown>;

const bpsPercent = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;

export function ProgramPanels(props: { data: ProgramPanelData }) {
  const lang = useLang();
  const t = TEXT[lang];
  const d = props.data;
  const next = d.level.next;
  const missing = next
    ? [
        next.missing.paidOrders !== undefined ? t.orders(next.missing.paidOrders) : null,
        next.missing.sales ? t.sales(moneyIn(lang, next.missing.sales)) : null,
        next.missing.invitees !== undefined ? t.invitees(next.missing.invitees) : null,
      ].filter((x): x is string => x !== null)
    : [];
  return (
    <>
      <h2 id="code">{t.codeTitle}</h2>
      <div class="panel" data-panel="code">
        {d.code ? (
          <p style="margin:0">
            <b style="font-size:22px;letter-spacing:2px" data-code={d.code}>
              {d.code}
            </b>
          </p>
        ) : (
          <div class="empty">{t.noCode}</div>
        )}
        <p class="muted">{t.codeHelp(d.percentOff, d.maxDiscount ? moneyIn(lang, d.maxDiscount) : undefined)}</p>
        {d.mayCreate ? (
          <form class="form" method="post" action="/me/code">
            <label for="code-input">{t.codeLabel}</label>
            <input id="code-input" type="text" name="code" minlength={4} maxlength={16} pattern="[A-Za-z0-9]{4,16}" autocomplete="off" required />
            {d.code && <div class="muted">{t.replaceNote}</div>}
            <button class="btn primary" type="submit">
              {d.code ? t.replaceCode : t.setCode}
            </button>
          </form>
        ) : (
          <div class="muted">{t.notYet}</div>
        )}
        <Alert error={d.error} />
      </div>

      <h2>{t.levelTitle}</h2>
      <div class="panel" data-panel="level" data-rank={String(d.level.rank)}>
        <p style="margin:0">
          <b>{d.level.name ?? t.noLevel}</b>
          {d.level.boostBps > 0 && <span class="badge" style="margin-left:8px">{t.boost(bpsPercent(d.level.boostBps))}</span>}
        </p>
        {next ? (
          <>
            <p class="muted" style="margin-bottom:4px">{t.next(next.name)}</p>
            <ul style="margin:0;padding-left:20px">
              {missing.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">{t.top}</p>
        )}
        <p class="muted">{t.bound(d.boundBuyers)}</p>
      </div>
    </>
  );
}
