// The seller's own place on the leaderboards, and the switch that shows their name there.
import { moneyIn } from '../../../shared/i18n';
import { money } from '../../../shared/money';
import type { MyLeaderboard } from '../../../shared/program/leaderboard-schemas';
import { useLang, useT } from '../i18n';

/** `standing` null = the ranks could not be read; the rest of the dashboard still renders. */
export function RankPanel(props: { standing: MyLeaderboard | null }) {
  const lang = useLang();
  const t = useT().standing;
  const s = props.standing;
  return (
    <>
      <h2 id="rank">{t.rankTitle}</h2>
      <div class="panel" data-rank-panel>
        {!s ? (
          <p class="alert" role="status">{t.rankUnavailable}</p>
        ) : (
          <>
            <div class="tiles">
              {s.ranks.map((r) => (
                <div class="tile" data-rank={`${r.board}-${r.period}`}>
                  <div class="v">{r.rank === null ? t.notRanked : t.rankOf(r.rank)}</div>
                  <div class="k">
                    {t.boards[r.board]} · {t.periods[r.period]}
                    {r.rank !== null && <> · {r.board === 'earnings' ? moneyIn(lang, money(r.value, 'CNY')) : t.invitees(r.value)}</>}
                  </div>
                </div>
              ))}
            </div>
            <p style="margin-top:10px">
              <a class="link" href="/leaderboard">{t.seeBoards}</a>
            </p>
            <form class="form" method="post" action="/me/leaderboard" style="margin-top:10px">
              <label style="display:flex;gap:8px;align-items:center;font-weight:400">
                <input type="checkbox" name="optIn" value="1" checked={s.optIn} /> {t.optInLabel}
              </label>
              <p class="muted" id="optin-help">{s.optIn ? t.optInOn : t.optInOff} {t.optInHelp}</p>
              <button class="btn ghost" type="submit" aria-describedby="optin-help">
                {t.optInSave}
              </button>
            </form>
          </>
        )}
      </div>
    </>
  );
}
