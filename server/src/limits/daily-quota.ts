import { sql } from 'kysely';
import type { DailyReservation } from '../chat/admission.ts';
import { AppError } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { DialectKind } from '../storage/dialect.ts';
import { nextDayStart, quotaDay } from './quota-day.ts';

export interface DailyQuotaOptions {
  db: Db;
  dialect: DialectKind;
  timezone: string;
  now: () => number;
}

/**
 * Per-user, per-model, per-day request and token counts in `usage_daily`.
 * The database stores the count, so it survives restarts and is shared by
 * every instance on the same database.
 */
export class DailyQuota {
  readonly #options: DailyQuotaOptions;
  // (user, model, day) rows this process saw exist, so a request skips the INSERT.
  // Only a hint: the conditional UPDATE still decides, and a row deleted since is re-inserted.
  readonly #knownRows = new Set<string>();
  #knownDay = '';
  // The quota day is cached until the next day starts, because computing it takes a time-zone lookup.
  #day = '';
  #dayFrom = Number.POSITIVE_INFINITY;
  #dayUntil = Number.NEGATIVE_INFINITY;

  constructor(options: DailyQuotaOptions) {
    this.#options = options;
  }

  /** Returns the current quota day in USAGE_TIMEZONE. */
  today(): string {
    const now = this.#options.now();
    if (now < this.#dayFrom || now >= this.#dayUntil) {
      this.#day = quotaDay(this.#options.timezone, now);
      this.#dayFrom = now;
      this.#dayUntil = nextDayStart(this.#options.timezone, now);
    }
    return this.#day;
  }

  /** Reserves one request unit, or throws 429 daily_limit_exceeded. */
  async reserve(userId: number, modelId: string): Promise<DailyReservation> {
    const day = this.today();
    const taken = await this.#withRow(userId, modelId, day, () =>
      this.#takeUnit(userId, modelId, day),
    );
    if (!taken) throw this.#limitExceeded(modelId);
    return this.#reservation(userId, modelId, day);
  }

  /** Adds tokens without a request unit, for internal calls such as title generation. */
  async addTokens(userId: number, modelId: string, totalTokens: number): Promise<void> {
    if (!(totalTokens > 0)) return;
    const day = this.today();
    const tokens = Math.round(totalTokens);
    await this.#withRow(userId, modelId, day, () =>
      this.#addTokensOn(userId, modelId, day, tokens),
    );
  }

  // Runs an UPDATE of the row, inserting the row first unless this process saw it
  // exist. An UPDATE that changed nothing may mean the row was deleted since (a
  // usage reset): insert it and run the UPDATE once more, which then decides.
  async #withRow(
    userId: number,
    modelId: string,
    day: string,
    update: () => Promise<boolean>,
  ): Promise<boolean> {
    const key = this.#rowKey(userId, modelId, day);
    if (this.#knownRows.has(key) && (await update())) return true;
    await this.#ensureRow(userId, modelId, day);
    this.#knownRows.add(key);
    return update();
  }

  #rowKey(userId: number, modelId: string, day: string): string {
    // Rows of past days are never touched again by new requests: forget them.
    if (day !== this.#knownDay) {
      this.#knownRows.clear();
      this.#knownDay = day;
    }
    return `${userId}\u0000${modelId}`;
  }

  async #ensureRow(userId: number, modelId: string, day: string): Promise<void> {
    const insert = this.#options.db
      .insertInto('usage_daily')
      .values({ user_id: userId, model_id: modelId, day, requests: 0, total_tokens: 0 });
    if (this.#options.dialect === 'mysql') {
      await insert.ignore().execute();
      return;
    }
    await insert
      .onConflict((conflict) => conflict.columns(['user_id', 'model_id', 'day']).doNothing())
      .execute();
  }

  // One conditional UPDATE decides, so concurrent requests on any number of
  // instances never take more units than the limit: the row lock serialises
  // them and each re-checks the committed count. The limits are read in the same
  // statement, so a limit set mid-day applies to the count so far.
  async #takeUnit(userId: number, modelId: string, day: string): Promise<boolean> {
    const maxRequests = sql`(select max_requests_per_day from model_usage_limits where model_id = ${modelId})`;
    const maxTokens = sql`(select max_tokens_per_day from model_usage_limits where model_id = ${modelId})`;
    const result = await this.#options.db
      .updateTable('usage_daily')
      .set({ requests: sql`requests + 1` })
      .where('user_id', '=', userId)
      .where('model_id', '=', modelId)
      .where('day', '=', day)
      .where(sql<boolean>`(${maxRequests} is null or requests < ${maxRequests})`)
      .where(sql<boolean>`(${maxTokens} is null or total_tokens < ${maxTokens})`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  #reservation(userId: number, modelId: string, day: string): DailyReservation {
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await this.#options.db
          .updateTable('usage_daily')
          .set({ requests: sql`requests - 1` })
          .where('user_id', '=', userId)
          .where('model_id', '=', modelId)
          .where('day', '=', day)
          .where('requests', '>', 0)
          .execute();
      },
      // Tokens go to the day the request was reserved on, even when the reply ends after midnight.
      addTokens: async (totalTokens: number) => {
        if (!(totalTokens > 0)) return;
        await this.#addTokensOn(userId, modelId, day, Math.round(totalTokens));
      },
    };
  }

  async #addTokensOn(
    userId: number,
    modelId: string,
    day: string,
    tokens: number,
  ): Promise<boolean> {
    const result = await this.#options.db
      .updateTable('usage_daily')
      .set({ total_tokens: sql`total_tokens + ${tokens}` })
      .where('user_id', '=', userId)
      .where('model_id', '=', modelId)
      .where('day', '=', day)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Returns the start of the next quota day (Unix ms). */
  resetAt(): number {
    return nextDayStart(this.#options.timezone, this.#options.now());
  }

  #limitExceeded(modelId: string): AppError {
    const resetAt = this.resetAt();
    const retryAfter = Math.max(1, Math.ceil((resetAt - this.#options.now()) / 1000));
    return new AppError(
      'daily_limit_exceeded',
      `Daily quota for ${modelId} is used up; it resets at ${new Date(resetAt).toISOString()}.`,
      {
        headers: { 'Retry-After': String(retryAfter) },
        extra: { resetAt: new Date(resetAt).toISOString() },
      },
    );
  }
}
