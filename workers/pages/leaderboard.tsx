// The public leaderboards (排行榜): one board and period at a time, chosen with plain links.
import { dateIn, moneyIn, numberIn } from '../../shared/i18n';
import { money } from '../../shared/money';
import { BOARDS, PERIODS, type Leaderboard } from '../../shared/program/leaderboard-schemas';
import { useLang, useT } from './i18n';
import { Layout, type Meta } from './layout';

const CSS = `.tabs{display:flex;gap:8px;flex-wrap:wrap;margin:10px 0}.tabs a{padding:8px 12px;border-radius:18px;border:1px solid var(--border);background:var(--surface);color:var(--ink);text-decoration:none;font-size:14px}.tabs a[aria-current=page]{background:var(--ink);color:var(--surface);border-color:var(--ink)}
table.board{width:100%;border-collapse:collapse}table.board td,table.board th{padding:8px 6px;border-top:1px solid var(--line);text-align:left}table.board td.n,table.board th.n{text-align:right;white-space:nowrap}`;

export function LeaderboardPage(props: { meta: Meta; board: Leaderboard }) {
  const lang = useLang();
  const t = useT().standing;
  const b = props.board;
  const last = new Date(Date.parse(b.period.end) - 1).toISOString();
  const href = (board: string, period: string) => `/leaderboard?board=${board}&period=${period}`;
  return (
    <Layout meta={props.meta} css={CSS}>
      <h1>{t.boardTitle}</h1>
      <p class="muted">{t.boardIntro}</p>
      <nav class="tabs" aria-label={t.boardTitle}>
        {BOARDS.map((board) => (
          <a href={href(board, b.period.kind)} aria-current={board === b.board ? 'page' : undefined}>
            {t.boards[board]}
          </a>
        ))}
      </nav>
      <nav class="tabs" aria-label={t.periods[b.period.kind]}>
        {PERIODS.map((period) => (
          <a href={href(b.board, period)} aria-current={period === b.period.kind ? 'page' : undefined}>
            {t.periods[period]}
          </a>
        ))}
      </nav>
      <div class="panel">
        <p class="muted">
          {t.boards[b.board]} · {t.periods[b.period.kind]} · {t.range(dateIn(lang, b.period.start), dateIn(lang, last))}
        </p>
        {b.items.length === 0 ? (
          <div class="empty">{t.emptyBoard}</div>
        ) : (
          <table class="board">
            <thead>
              <tr>
                <th scope="col">{t.rankCol}</th>
                <th scope="col">{t.seller}</th>
                <th scope="col" class="n">{t.valueCol(b.board)}</th>
              </tr>
            </thead>
            <tbody>
              {b.items.map((i) => (
                <tr data-board-rank={String(i.rank)}>
                  <td>{i.rank}</td>
                  <td>{i.anonymous ? <span class="muted">{t.anonymous}</span> : <a href={`/@${i.handle}`}>{i.displayName}</a>}</td>
                  <td class="n">{b.board === 'earnings' ? moneyIn(lang, money(i.value, 'CNY')) : numberIn(lang, i.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Layout>
  );
}
