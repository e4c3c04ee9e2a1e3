import type { Db } from '../storage/database.ts';
import type { ModelRow } from '../storage/schema.ts';

/** Finds a catalogue row by its upstream id (`author/slug[:variant]`). */
export async function findModelByModelId(db: Db, modelId: string): Promise<ModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('model_id', '=', modelId).executeTakeFirst();
}

export async function findModelById(db: Db, id: number): Promise<ModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every catalogue row, in id order. */
export async function listModels(db: Db): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().orderBy('model_id').execute();
}

/** True when the user switched the model off for themself; preferences are sparse rows. */
export async function isSwitchedOffByUser(
  db: Db,
  userId: number,
  modelRowId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('user_model_preferences')
    .select('enabled')
    .where('user_id', '=', userId)
    .where('model_row_id', '=', modelRowId)
    .executeTakeFirst();
  return row !== undefined && Number(row.enabled) === 0;
}

/** Rows the user may call: available, enabled by the admin and not switched off by the user. */
export async function listUsableModels(db: Db, userId: number): Promise<ModelRow[]> {
  return db
    .selectFrom('models')
    .selectAll('models')
    .leftJoin('user_model_preferences as p', (join) =>
      join.onRef('p.model_row_id', '=', 'models.id').on('p.user_id', '=', userId),
    )
    .where('models.available', '=', 1)
    .where('models.enabled', '=', 1)
    .where((eb) => eb.or([eb('p.enabled', 'is', null), eb('p.enabled', '=', 1)]))
    .orderBy('models.model_id')
    .execute();
}
