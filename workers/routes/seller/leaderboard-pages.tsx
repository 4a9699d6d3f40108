// The public leaderboard page: the same answer as GET /api/leaderboards, as HTML.
import { Hono } from 'hono';
import { BOARDS, PERIODS, type Board, type PeriodName } from '../../../shared/program/leaderboard-schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { LeaderboardPage } from '../../pages/leaderboard';
import { getLeaderboard } from '../../services/program/leaderboards';
import { html } from '../html';

const pick = <T extends string>(v: string | undefined, all: readonly T[], fallback: T): T => ((all as readonly string[]).includes(v ?? '') ? (v as T) : fallback);

export const leaderboardPageRoutes = new Hono<Ctx>().get('/leaderboard', async (c) => {
  const board: Board = pick(c.req.query('board'), BOARDS, 'earnings');
  const period: PeriodName = pick(c.req.query('period'), PERIODS, 'week');
  const t = messagesOf(c).standing;
  const data = await getLeaderboard(c.var.db(), c.env.STORE_TIMEZONE, board, period);
  const url = `${new URL(c.req.url).origin}/leaderboard?board=${board}&period=${period}`;
  c.header('Cache-Control', 'public, max-age=60');
  return html(c, <LeaderboardPage meta={{ title: `${t.boardTitle} · Pinlink`, description: t.boardIntro, url }} board={data} />);
});
