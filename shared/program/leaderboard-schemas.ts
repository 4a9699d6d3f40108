// Leaderboards (排行榜, API.md v3): the public boards and the seller's own opt-in.
import { z } from 'zod';

export const BOARDS = ['earnings', 'invites'] as const;
export const PERIODS = ['week', 'month'] as const;
/** What a seller who has not opted in shows as, in the API and on pages alike. */
export const ANONYMOUS = '匿名';
export const LEADERBOARD_SIZE = 50;

export const LeaderboardQuery = z.object({
  board: z.enum(BOARDS).describe('earnings (fen, net of reversals) or invites (invitees with a paid order)'),
  period: z.enum(PERIODS).describe('The current ISO week or calendar month in STORE_TIMEZONE'),
});

export const LeaderboardItemSchema = z.object({
  rank: z.number().int().min(1),
  handle: z.string(),
  displayName: z.string(),
  value: z.number().int(),
  anonymous: z.boolean(),
});

export const LeaderboardSchema = z.object({
  board: z.enum(BOARDS),
  period: z.object({ kind: z.enum(PERIODS), start: z.string(), end: z.string(), timeZone: z.string() }),
  items: z.array(LeaderboardItemSchema),
});

export const MyRankSchema = z.object({
  board: z.enum(BOARDS),
  period: z.enum(PERIODS),
  rank: z.number().int().nullable(),
  value: z.number().int(),
});

export const MyLeaderboardSchema = z.object({ optIn: z.boolean(), ranks: z.array(MyRankSchema) });

export const LeaderboardOptInBody = z.object({ optIn: z.boolean() }).strict();

export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type MyLeaderboard = z.infer<typeof MyLeaderboardSchema>;
export type Board = (typeof BOARDS)[number];
export type PeriodName = (typeof PERIODS)[number];
