// Leaderboards (排行榜): the current week's or month's ranking in STORE_TIMEZONE, with everyone
// who has not opted in shown as 匿名 in the answer itself, so no client can undo it.
import { ANONYMOUS, BOARDS, LEADERBOARD_SIZE, PERIODS, type Board, type Leaderboard, type MyLeaderboard, type PeriodName } from '../../../shared/program/leaderboard-schemas';
import { periodOf, storeTimeZone } from '../../../shared/program/periods';
import type { Db } from '../../storage/db';
import { rankOfSeller, rankSellers, setLeaderboardOptIn, type RankedRow } from '../../storage/program/leaderboard-repo';

const publicItem = (r: RankedRow) =>
  r.optIn
    ? { rank: r.rank, handle: r.handle, displayName: r.displayName, value: r.value, anonymous: false }
    : { rank: r.rank, handle: ANONYMOUS, displayName: ANONYMOUS, value: r.value, anonymous: true };

export async function getLeaderboard(db: Db, zoneName: string | undefined, board: Board, period: PeriodName, now = new Date()): Promise<Leaderboard> {
  const timeZone = storeTimeZone(zoneName);
  const p = periodOf(period, now, timeZone);
  const top = await rankSellers(db, board, p.start, p.end, LEADERBOARD_SIZE);
  return { board, period: { kind: period, start: p.start.toISOString(), end: p.end.toISOString(), timeZone }, items: top.map(publicItem) };
}

/** The seller's own place on each board and period (null = not ranked: nothing counted yet). */
export async function getMyLeaderboard(db: Db, zoneName: string | undefined, seller: { id: string; leaderboardOptIn: boolean }, now = new Date()): Promise<MyLeaderboard> {
  const timeZone = storeTimeZone(zoneName);
  const windows = BOARDS.flatMap((board) => PERIODS.map((period) => ({ key: `${board}:${period}`, board, period, ...periodOf(period, now, timeZone) })));
  const mine = await rankOfSeller(db, seller.id, windows);
  const ranks = windows.map((w) => ({ board: w.board, period: w.period, rank: mine.get(w.key)?.rank ?? null, value: mine.get(w.key)?.value ?? 0 }));
  return { optIn: seller.leaderboardOptIn, ranks };
}

export const setMyLeaderboardOptIn = (db: Db, sellerId: string, optIn: boolean) => setLeaderboardOptIn(db, sellerId, optIn);
