import { type SelectQueryBuilder, sql } from 'kysely';
import { validationError } from '../http/errors.ts';
import type { Database } from '../storage/schema.ts';
import { parseTimeRange, type TimeRange } from './time-range.ts';

/** The filters of the chat-log list and export. */
export interface ChatLogFilter extends TimeRange {
  /** Lower-cased substring of the user's email. */
  user: string | undefined;
  /** Exact model id as requested. */
  model: string | undefined;
  /** Only this user's rows (the caller's own requests). */
  userId?: number;
}

export interface ChatLogQuery {
  user?: string | undefined;
  model?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const LIKE_ESCAPE = '!';

/** Parses the query string of the chat-log routes; bad values are validation_failed naming the param. */
export function parseChatLogFilter(query: ChatLogQuery, timeZone: string): ChatLogFilter {
  const range = parseTimeRange(query, timeZone);
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs > range.toMs) {
    throw validationError('to', 'to must not be before from.');
  }
  return {
    ...range,
    user: emptyToUndefined(query.user)?.toLowerCase(),
    model: emptyToUndefined(query.model),
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Escapes LIKE wildcards so a filter matches its text literally, with `!` as the escape character. */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `${LIKE_ESCAPE}${char}`)}%`;
}

/**
 * Adds the filter's conditions to a chat-log query. The email match lowers
 * both sides and names its escape character, so SQLite, PostgreSQL and
 * MySQL compare the same way.
 */
export function applyChatLogFilter<O>(
  query: SelectQueryBuilder<Database, 'chat_logs', O>,
  filter: ChatLogFilter,
): SelectQueryBuilder<Database, 'chat_logs', O> {
  let filtered = query;
  if (filter.userId !== undefined) filtered = filtered.where('user_id', '=', filter.userId);
  if (filter.user !== undefined) {
    const pattern = likePattern(filter.user);
    filtered = filtered.where(
      sql<boolean>`lower(user_email) like lower(${pattern}) escape ${sql.lit(LIKE_ESCAPE)}`,
    );
  }
  if (filter.model !== undefined) filtered = filtered.where('model', '=', filter.model);
  if (filter.fromMs !== undefined) filtered = filtered.where('created_at', '>=', filter.fromMs);
  if (filter.toMs !== undefined) filtered = filtered.where('created_at', '<', filter.toMs);
  return filtered;
}
