import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import type { ModelRow } from '../storage/schema.ts';

/** A model the admin enabled, with this user's own switch. */
export interface UserModel {
  row: ModelRow;
  enabled: boolean;
}

/**
 * Usable admin-enabled models with the user's switch. Preferences are sparse:
 * only a switched-off model has a row, so a new model starts switched on.
 */
export async function listUserModels(db: Db, userId: number): Promise<UserModel[]> {
  const rows = await db
    .selectFrom('models')
    .leftJoin('user_model_preferences as p', (join) =>
      join.onRef('p.model_row_id', '=', 'models.id').on('p.user_id', '=', userId),
    )
    .selectAll('models')
    .select('p.enabled as preference')
    .where('models.available', '=', 1)
    .where('models.enabled', '=', 1)
    .orderBy('models.model_id')
    .execute();
  return rows.map(({ preference, ...row }) => ({
    row,
    enabled: preference === null || Number(preference) === 1,
  }));
}

export async function findUserModel(
  db: Db,
  userId: number,
  modelRowId: number,
): Promise<UserModel | undefined> {
  const models = await listUserModels(db, userId);
  return models.find((model) => Number(model.row.id) === modelRowId);
}

/** Stores the user's switch: a row when off, none when on. */
export async function setUserModelEnabled(
  db: Db,
  userId: number,
  modelRowId: number,
  enabled: boolean,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('user_model_preferences')
      .where('user_id', '=', userId)
      .where('model_row_id', '=', modelRowId)
      .execute();
    if (enabled) return;
    const insert = trx
      .insertInto('user_model_preferences')
      .values({ user_id: userId, model_row_id: modelRowId, enabled: 0, updated_at: now });
    // A concurrent switch-off by the same user may have inserted the row already.
    if (dialectOf(trx) === 'mysql') await insert.ignore().execute();
    else
      await insert
        .onConflict((conflict) => conflict.columns(['user_id', 'model_row_id']).doNothing())
        .execute();
  });
}
