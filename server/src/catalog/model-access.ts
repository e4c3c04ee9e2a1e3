import type { AdmittedModel, ChatRequestSummary } from '../chat/admission.ts';
import { AppError } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { ModelRow, UserRow } from '../storage/schema.ts';
import { findModelByModelId, isSwitchedOffByUser } from './model-store.ts';

/**
 * Checks `model` and each entry of `models` against the allow-list, then
 * tool support; throws the AppError that decides the answer.
 */
export async function checkModelAccess(
  db: Db,
  user: UserRow,
  request: ChatRequestSummary,
): Promise<AdmittedModel> {
  const primary = await requireUsable(db, user, request.model, 'model');
  const fallbacks: ModelRow[] = [];
  for (const [index, modelId] of request.fallbackModels.entries()) {
    fallbacks.push(await requireUsable(db, user, modelId, `models.${index}`));
  }
  if (request.usesTools) {
    requireTools(primary, 'model');
    for (const [index, row] of fallbacks.entries()) requireTools(row, `models.${index}`);
  }
  return {
    modelId: primary.model_id,
    contextLength: primary.context_length === null ? null : Number(primary.context_length),
    supportsTools: Number(primary.supports_tools) === 1,
  };
}

async function requireUsable(
  db: Db,
  user: UserRow,
  modelId: string,
  param: string,
): Promise<ModelRow> {
  const row = await findModelByModelId(db, modelId);
  if (row === undefined) {
    throw new AppError('model_not_found', `Model ${modelId} is not in the catalogue.`, { param });
  }
  if (Number(row.available) !== 1) {
    throw new AppError('model_withdrawn', `Model ${modelId} is no longer available.`, { param });
  }
  if (Number(row.enabled) !== 1) {
    throw new AppError('model_not_enabled', `Model ${modelId} is not enabled on this gateway.`, {
      param,
    });
  }
  if (await isSwitchedOffByUser(db, user.id, row.id)) {
    throw new AppError(
      'model_not_enabled',
      `Model ${modelId} is switched off in your model settings.`,
      { param },
    );
  }
  return row;
}

function requireTools(row: ModelRow, param: string): void {
  if (Number(row.supports_tools) === 1) return;
  throw new AppError('tools_unsupported', `Model ${row.model_id} does not support tools.`, {
    param: param === 'model' ? 'tools' : param,
  });
}
