import type { Insertable } from 'kysely';
import { quotaDay } from '../limits/quota-day.ts';
import type { ChatLogsTable, UserRow } from '../storage/schema.ts';
import type { CompletionUsage } from './completion-tally.ts';

/** The end state of a chat request, as stored in `chat_logs.outcome`. */
export type ChatOutcome =
  | 'ok'
  | 'client_aborted'
  | 'upstream_error'
  | 'upstream_truncated'
  | 'upstream_timeout'
  | 'rejected';

/** One chat-log row as callers describe it; the writer adds the day and applies LOG_CONTENT. */
export interface ChatLogEntry {
  createdAt: number;
  user: Pick<UserRow, 'id' | 'email'>;
  credential: 'jwt' | 'gateway_key';
  source: 'api' | 'conversation' | 'title';
  /** `model` as requested ('' when the request had none). */
  model: string;
  modelServed: string | null;
  outcome: ChatOutcome;
  /** HTTP status the client received (200 for a stream that failed after it started). */
  status: number;
  errorCode: string | null;
  usage: CompletionUsage | undefined;
  usageEstimated: boolean;
  latencyMs: number;
  ttftMs: number | null;
  prompt: string | null;
  reply: string | null;
}

export type ChatLogRow = Insertable<ChatLogsTable>;

/** Settings that shape a row. */
export interface RowSettings {
  timezone: string;
  logContent: boolean;
}

/**
 * Memoises the quota day per minute: formatting a date in a time zone is
 * costly on the request path, and every zone changes its UTC offset only at
 * whole minutes, so all instants of one minute share a day.
 */
export class DayOfMinute {
  readonly #timezone: string;
  #minute = Number.NaN;
  #day = '';

  constructor(timezone: string) {
    this.#timezone = timezone;
  }

  /** The `YYYY-MM-DD` quota day of an instant (Unix ms). */
  dayOf(instantMs: number): string {
    const minute = Math.floor(instantMs / 60_000);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#day = quotaDay(this.#timezone, instantMs);
    }
    return this.#day;
  }
}

/** Builds the table row of an entry; prompt and reply are dropped when LOG_CONTENT=false. */
export function toChatLogRow(
  entry: ChatLogEntry,
  settings: RowSettings,
  days: DayOfMinute,
): ChatLogRow {
  const usage = entry.usage;
  return {
    created_at: entry.createdAt,
    day: days.dayOf(entry.createdAt),
    user_id: entry.user.id,
    user_email: entry.user.email,
    credential: entry.credential,
    source: entry.source,
    model: entry.model,
    model_served: entry.modelServed,
    outcome: entry.outcome,
    status: entry.status,
    error_code: entry.errorCode,
    prompt_tokens: usage?.promptTokens ?? 0,
    completion_tokens: usage?.completionTokens ?? 0,
    total_tokens: usage?.totalTokens ?? 0,
    cost: usage?.cost ?? null,
    usage_estimated: entry.usageEstimated ? 1 : 0,
    latency_ms: Math.round(entry.latencyMs),
    ttft_ms: entry.ttftMs === null ? null : Math.round(entry.ttftMs),
    prompt: settings.logContent ? entry.prompt : null,
    reply: settings.logContent ? entry.reply : null,
  };
}
