import type { AppContext } from '../app/context.ts';
import type { Db } from '../storage/database.ts';

const DAY_MS = 86_400_000;
const BATCH_ROWS = 5_000;
/** The first run waits this long, so it does not compete with start-up itself. */
const FIRST_RUN_DELAY_MS = 1_000;

/**
 * Deletes chat logs older than the cutoff in batches of consecutive ids, so
 * no single statement holds locks on many rows. Returns the rows deleted.
 */
export async function deleteLogsBefore(
  db: Db,
  cutoffMs: number,
  batchRows = BATCH_ROWS,
): Promise<number> {
  let deleted = 0;
  while (true) {
    const oldest = await db
      .selectFrom('chat_logs')
      .select('id')
      .where('created_at', '<', cutoffMs)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (oldest === undefined) return deleted;
    const firstId = Number(oldest.id);
    const result = await db
      .deleteFrom('chat_logs')
      .where('id', '>=', firstId)
      .where('id', '<', firstId + batchRows)
      .where('created_at', '<', cutoffMs)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
}

/**
 * Schedules the daily deletion of chat logs older than
 * CHAT_LOG_RETENTION_DAYS (0 keeps them forever). The timers are cleared on close.
 */
export function scheduleRetention(ctx: AppContext, firstRunDelayMs = FIRST_RUN_DELAY_MS): void {
  const days = ctx.config.chatLogRetentionDays;
  if (days <= 0) return;
  const run = async () => {
    try {
      const deleted = await deleteLogsBefore(ctx.db, ctx.now() - days * DAY_MS);
      ctx.log.info({ deleted, retentionDays: days }, 'chat-log retention run finished');
    } catch (error) {
      ctx.log.error({ err: error }, 'chat-log retention run failed');
    }
  };
  const first = setTimeout(run, firstRunDelayMs);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  ctx.lifecycle.closers.unshift(async () => {
    clearTimeout(first);
    clearInterval(daily);
  });
}
