import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';

/** A model's daily limits; null means unlimited. */
export interface UsageLimit {
  modelId: string;
  maxRequestsPerDay: number | null;
  maxTokensPerDay: number | null;
}

export async function listUsageLimits(db: Db): Promise<UsageLimit[]> {
  const rows = await db.selectFrom('model_usage_limits').selectAll().orderBy('model_id').execute();
  return rows.map((row) => ({
    modelId: row.model_id,
    maxRequestsPerDay: row.max_requests_per_day === null ? null : Number(row.max_requests_per_day),
    maxTokensPerDay: row.max_tokens_per_day === null ? null : Number(row.max_tokens_per_day),
  }));
}

export async function findUsageLimit(db: Db, modelId: string): Promise<UsageLimit | undefined> {
  return (await listUsageLimits(db)).find((limit) => limit.modelId === modelId);
}

/** Sets one model's limits; both null removes its row, so the model is unlimited. */
export async function saveUsageLimit(db: Db, limit: UsageLimit, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('model_usage_limits').where('model_id', '=', limit.modelId).execute();
    if (limit.maxRequestsPerDay === null && limit.maxTokensPerDay === null) return;
    const insert = trx.insertInto('model_usage_limits').values({
      model_id: limit.modelId,
      max_requests_per_day: limit.maxRequestsPerDay,
      max_tokens_per_day: limit.maxTokensPerDay,
      updated_at: now,
    });
    // Two admins saving at once: the later statement keeps its values.
    if (dialectOf(trx) === 'mysql') {
      await insert
        .onDuplicateKeyUpdate({
          max_requests_per_day: limit.maxRequestsPerDay,
          max_tokens_per_day: limit.maxTokensPerDay,
          updated_at: now,
        })
        .execute();
      return;
    }
    await insert
      .onConflict((conflict) =>
        conflict.column('model_id').doUpdateSet({
          max_requests_per_day: limit.maxRequestsPerDay,
          max_tokens_per_day: limit.maxTokensPerDay,
          updated_at: now,
        }),
      )
      .execute();
  });
}
