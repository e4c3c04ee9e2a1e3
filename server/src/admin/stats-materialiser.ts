import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import { addDays, dayOf } from './calendar-day.ts';
import {
  type ChatStatsDailyTable,
  errorCount,
  lastFinishedDay,
  materialisedDays,
  NO_USER_ID,
  type RollupDb,
  windowStart,
  withRollup,
} from './stats-rollup.ts';

const HOUR_MS = 3_600_000;
/** Rollup rows per INSERT, well under every driver's parameter limit. */
const INSERT_CHUNK = 400;
/** The settings row each day's transaction locks, so instances take turns. */
const LOCK_KEY = 'chat_stats.materialiser';

export interface MaterialiseRun {
  days: number;
  durationMs: number;
}

/**
 * Sums every finished day of the 30-day window that the rollup lacks, oldest
 * first, one transaction per day. Days before the window are left alone:
 * the dashboard never reads them, and a long history would slow start-up.
 */
export async function materialiseMissingDays(
  db: Db,
  now: number,
  timeZone: string,
): Promise<MaterialiseRun> {
  const started = performance.now();
  const today = dayOf(now, timeZone);
  const firstDay = windowStart(today);
  const lastDay = lastFinishedDay(today);
  const done = await materialisedDays(db, firstDay, lastDay);
  let days = 0;
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (done.has(day)) continue;
    await materialiseDay(db, day, now);
    days += 1;
  }
  return { days, durationMs: Math.round(performance.now() - started) };
}

/**
 * Replaces one day's rollup rows with sums over its chat-log rows and marks
 * the day materialised. Running it again on the same rows writes the same sums.
 */
export async function materialiseDay(db: Db, day: string, now: number): Promise<void> {
  const rollup = withRollup(db);
  await ensureLockRow(rollup);
  await rollup.transaction().execute(async (trx) => {
    await trx
      .updateTable('settings')
      .set({ value: String(now) })
      .where('key', '=', LOCK_KEY)
      .execute();
    const groups = await sumDay(trx, day);
    await trx.deleteFrom('chat_stats_daily').where('day', '=', day).execute();
    for (let start = 0; start < groups.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('chat_stats_daily')
        .values(groups.slice(start, start + INSERT_CHUNK))
        .execute();
    }
    const chatLogs = groups.reduce((sum, group) => sum + group.requests, 0);
    await trx.deleteFrom('chat_stats_days').where('day', '=', day).execute();
    await trx
      .insertInto('chat_stats_days')
      .values({ day, chat_logs: chatLogs, materialised_at: now })
      .execute();
  });
}

/** Groups one day's chat-log rows by user and requested model. */
async function sumDay(db: RollupDb, day: string): Promise<ChatStatsDailyTable[]> {
  const userId = sql<number>`coalesce(user_id, ${sql.lit(NO_USER_ID)})`;
  const rows = await db
    .selectFrom('chat_logs')
    .select((eb) => [
      userId.as('user_id'),
      'model',
      eb.fn.max('user_email').as('user_email'),
      eb.fn.countAll().as('requests'),
      eb.fn.sum('total_tokens').as('tokens'),
      errorCount.as('errors'),
    ])
    .where('day', '=', day)
    .groupBy([userId, 'model'])
    .execute();
  return rows.map((row) => ({
    day,
    user_id: Number(row.user_id),
    model: row.model,
    user_email: String(row.user_email),
    requests: Number(row.requests),
    tokens: Number(row.tokens ?? 0),
    errors: Number(row.errors ?? 0),
  }));
}

/** Creates the lock row once; every instance may try, one insert wins. */
async function ensureLockRow(db: RollupDb): Promise<void> {
  const insert = db.insertInto('settings').values({ key: LOCK_KEY, value: '0' });
  if (dialectOf(db) === 'mysql') await insert.ignore().execute();
  else await insert.onConflict((conflict) => conflict.column('key').doNothing()).execute();
}

/**
 * Materialises the missing days at start-up, then hourly, so each day is
 * summed within an hour of becoming final. Close clears the timer and waits
 * for a run in progress.
 */
export function scheduleStatsRollup(ctx: AppContext, intervalMs = HOUR_MS): void {
  let running: Promise<void> = Promise.resolve();
  const run = (startUp: boolean) => {
    running = running.then(async () => {
      try {
        const result = await materialiseMissingDays(ctx.db, ctx.now(), ctx.config.usageTimezone);
        if (startUp || result.days > 0) ctx.log.info(result, 'chat stats rollup run finished');
      } catch (error) {
        ctx.log.error({ err: error }, 'chat stats rollup run failed');
      }
    });
    return running;
  };
  ctx.lifecycle.startupTasks.push(() => run(true));
  const hourly = setInterval(() => void run(false), intervalMs);
  hourly.unref();
  ctx.lifecycle.closers.unshift(async () => {
    clearInterval(hourly);
    await running;
  });
}
