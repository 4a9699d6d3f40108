import { createRoute } from '@hono/zod-openapi';
import { LeaderboardOptInBody, LeaderboardQuery, LeaderboardSchema, MyLeaderboardSchema } from '../../../shared/program/leaderboard-schemas';
import { getLeaderboard, getMyLeaderboard, setMyLeaderboardOptIn } from '../../services/program/leaderboards';
import { asSeller, errorResponses, guardedErrors, isPublic, json, jsonBody, newRouter } from '../router';

const getBoard = createRoute({
  method: 'get',
  path: '/api/leaderboards',
  tags: ['program'],
  operationId: 'getLeaderboard',
  summary: 'The top 50 sellers of the current week or month (排行榜)',
  description:
    'Periods are the current ISO week (Monday 00:00 to Monday 00:00) or calendar month in STORE_TIMEZONE; `period.start` and `end` are UTC instants, end exclusive. ' +
    'earnings: commission accrued in the period in fen, less every reversal or clawback of those same accruals (whenever it happened). ' +
    'invites: the caller\'s invitees whose first paid order attributed to them falls in the period. ' +
    'Ranks are dense (equal values share a rank); among equal values whoever reached the value first is listed first and wins the last places. ' +
    'Suspended sellers and values of 0 or less are left off. A seller who has not opted in shows as 匿名 (handle and displayName), with anonymous true.',
  ...isPublic,
  request: { query: LeaderboardQuery },
  responses: { 200: json(LeaderboardSchema), 400: errorResponses[400] },
});

const getMine = createRoute({
  method: 'get',
  path: '/api/me/leaderboard',
  tags: ['program'],
  operationId: 'getMyLeaderboard',
  summary: "The caller's own rank on each board and period, and whether they show by name",
  description: 'rank is null when nothing of the caller counts in that period yet.',
  ...asSeller,
  responses: { 200: json(MyLeaderboardSchema), ...guardedErrors },
});

const putMine = createRoute({
  method: 'put',
  path: '/api/me/leaderboard',
  tags: ['program'],
  operationId: 'setMyLeaderboardOptIn',
  summary: 'Show the caller by name on the leaderboards (optIn true) or as 匿名 (false)',
  ...asSeller,
  request: { body: jsonBody(LeaderboardOptInBody) },
  responses: { 200: json(MyLeaderboardSchema), ...guardedErrors },
});

export const leaderboardRoutes = newRouter()
  .openapi(getBoard, async (c) => {
    const q = c.req.valid('query');
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(await getLeaderboard(c.var.db(), c.env.STORE_TIMEZONE, q.board, q.period), 200);
  })
  .openapi(getMine, async (c) => c.json(await getMyLeaderboard(c.var.db(), c.env.STORE_TIMEZONE, c.var.seller!), 200))
  .openapi(putMine, async (c) => {
    const seller = c.var.seller!;
    const optIn = await setMyLeaderboardOptIn(c.var.db(), seller.id, c.req.valid('json').optIn);
    return c.json(await getMyLeaderboard(c.var.db(), c.env.STORE_TIMEZONE, { id: seller.id, leaderboardOptIn: optIn }), 200);
  });
