import { recordAudit } from '../admin/audit-log.ts';
import type { Db } from '../storage/database.ts';
import { findModelByModelId } from './model-store.ts';

/**
 * Marks a catalogue row unavailable after the upstream reported the model
 * withdrawn, keeping the admin's `enabled` choice for when a sync brings it back.
 * Returns false when the row is unknown or already unavailable.
 */
export async function markModelWithdrawn(
  db: Db,
  modelId: string,
  availabilityCode: string,
  now: number,
): Promise<boolean> {
  const row = await findModelByModelId(db, modelId);
  if (row === undefined || Number(row.available) !== 1) return false;
  const reason = availabilityCode.slice(0, 64);
  // Conditional, so concurrent 404s for the same model write one audit event.
  const result = await db
    .updateTable('models')
    .set({ available: 0, unavailable_reason: reason, updated_at: now })
    .where('id', '=', row.id)
    .where('available', '=', 1)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
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
  return true;
}
