import { recordAudit } from '../admin/audit-log.ts';
import type { Db } from '../storage/database.ts';
import { findModelByModelId } from './model-store.ts';

/**
 * Marks a catalogue row unavailable after the upstream reported the model
 * withdrawn, keeping the admin's `enabled` choice for when a sync brings it back.
 */
export async function markModelWithdrawn(
  db: Db,
  modelId: string,
  availabilityCode: string,
  now: number,
): Promise<void> {
  const row = await findModelByModelId(db, modelId);
  if (row === undefined || Number(row.available) !== 1) return;
  const reason = availabilityCode.slice(0, 64);
  await db
    .updateTable('models')
    .set({ available: 0, unavailable_reason: reason, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(
    db,
    {
      actor: null,
      action: 'model.withdrawn',
      targetType: 'model',
      targetId: modelId,
      before: { available: true },
      after: { available: false, reason },
    },
    now,
  );
}
