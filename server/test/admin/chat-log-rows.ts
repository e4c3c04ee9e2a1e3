import { dayOf } from '../../src/admin/calendar-day.ts';
import type { Db } from '../../src/storage/database.ts';
import type { NewChatLog } from '../../src/storage/schema.ts';

/** A complete chat-log row with plain defaults; tests override what they check. */
export function chatLogRow(
  overrides: Partial<NewChatLog> & { created_at: number },
  timeZone = 'UTC',
): NewChatLog {
  return {
    day: dayOf(overrides.created_at, timeZone),
    user_id: null,
    user_email: 'someone@example.test',
    credential: 'jwt',
    source: 'api',
    model: 'vendor/model:free',
    model_served: 'vendor/model:free',
    outcome: 'ok',
    status: 200,
    error_code: null,
    prompt_tokens: 10,
    completion_tokens: 20,
    total_tokens: 30,
    cost: 0,
    usage_estimated: 0,
    latency_ms: 100,
    ttft_ms: 50,
    prompt: 'hello',
    reply: 'hi there',
    ...overrides,
  };
}

/** Inserts rows in chunks small enough for every driver's parameter limit. */
export async function insertChatLogs(
  db: Db,
  rows: readonly NewChatLog[],
  chunk = 400,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    await db
      .insertInto('chat_logs')
      .values(rows.slice(start, start + chunk))
      .execute();
  }
}
