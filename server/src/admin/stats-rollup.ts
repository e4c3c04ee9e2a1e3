import { type Kysely, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { addDays } from './calendar-day.ts';

// The tables of migration 0002, the per-day rollup of the chat logs read by
// GET /api/admin/stats. They are typed here, next to their only users.

export interface ChatStatsDailyTable {
  /** `YYYY-MM-DD` in USAGE_TIMEZONE, as stored on the chat-log rows. */
  day: string;
  /** The chat-log user id; 0 stands for rows without a user (null in chat_logs). */
  user_id: number;
  /** The model id as requested. */
  model: string;
  /** The greatest `user_email` of the group's rows. */
  user_email: string;
  requests: number;
  tokens: number;
  /** Rows whose outcome is neither ok nor client_aborted. */
  errors: number;
}

export interface ChatStatsDaysTable {
  /** A day whose chat-log rows are summed in `chat_stats_daily`. */
  day: string;
  /** How many chat-log rows the sums cover. */
  chat_logs: number;
  materialised_at: number;
}

export type RollupDb = Kysely<
  Database & { chat_stats_daily: ChatStatsDailyTable; chat_stats_days: ChatStatsDaysTable }
>;

/** Gives the gateway's database the rollup tables in its types. */
export function withRollup(db: Db): RollupDb {
  return db.withTables<{
    chat_stats_daily: ChatStatsDailyTable;
    chat_stats_days: ChatStatsDaysTable;
  }>();
}

/** The stored user id of rows without a user. Real ids start at 1. */
export const NO_USER_ID = 0;

/** The dashboard's window: today and the 29 days before it. */
export const STATS_DAYS = 30;

/** Counts the chat-log rows whose outcome is neither ok nor client_aborted. */
export const errorCount = sql<number>`sum(case when outcome not in ('ok', 'client_aborted') then 1 else 0 end)`;

/** Returns the first day of the window that ends on `today`. */
export function windowStart(today: string): string {
  return addDays(today, -(STATS_DAYS - 1));
}

/**
 * Returns the last day whose chat-log rows are final: the day before yesterday.
 * A stream that starts before midnight writes its row after it, with the
 * earlier day, so yesterday may still grow.
 */
export function lastFinishedDay(today: string): string {
  return addDays(today, -2);
}

/** Reads which days between the two have their sums in the rollup. */
export async function materialisedDays(
  db: Db,
  firstDay: string,
  lastDay: string,
): Promise<Set<string>> {
  const rows = await withRollup(db)
    .selectFrom('chat_stats_days')
    .select('day')
    .where('day', '>=', firstDay)
    .where('day', '<=', lastDay)
    .execute();
  return new Set(rows.map((row) => row.day));
}
