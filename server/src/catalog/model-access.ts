import type { AdmittedModel, ChatRequestSummary } from '../chat/admission.ts';
import { AppError } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { ModelRow, UserRow } from '../storage/schema.ts';
import { findModelByModelId, isSwitchedOffByUser } from './model-store.ts';

// Same rule as the user cache: a change made through another instance applies here within 1 s.
const CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Cached<T> {
  value: T;
  fetchedAt: number;
}

/**
 * The catalogue rows and user switches the chat routes read on every request,
 * cached for up to a second. `forget` drops them, so a change made on this
 * instance applies at once.
 */
export class ModelAccessCache {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #models = new Map<string, Cached<ModelRow | undefined>>();
  readonly #switchedOff = new Map<string, Cached<boolean>>();

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  model(modelId: string): Promise<ModelRow | undefined> {
    return this.#cached(this.#models, modelId, () => findModelByModelId(this.#db, modelId));
  }

  switchedOff(userId: number, modelRowId: number): Promise<boolean> {
    return this.#cached(this.#switchedOff, `${userId} ${modelRowId}`, () =>
      isSwitchedOffByUser(this.#db, userId, modelRowId),
    );
  }

  /** Drops every cached row; call after changing a model or a user's switch. */
  forget(): void {
    this.#models.clear();
    this.#switchedOff.clear();
  }

  async #cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const hit = map.get(key);
    if (hit !== undefined && now - hit.fetchedAt >= 0 && now - hit.fetchedAt < CACHE_MS)
      return hit.value;
    const value = await load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { value, fetchedAt: now });
    return value;
  }
}

/**
 * Checks `model` and each entry of `models` against the allow-list, then
 * tool support; throws the AppError that decides the answer.
 */
export async function checkModelAccess(
  cache: ModelAccessCache,
  user: UserRow,
  request: ChatRequestSummary,
): Promise<AdmittedModel> {
  const primary = await requireUsable(cache, user, request.model, 'model');
  const fallbacks: ModelRow[] = [];
  for (const [index, modelId] of request.fallbackModels.entries()) {
    fallbacks.push(await requireUsable(cache, user, modelId, `models.${index}`));
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
  cache: ModelAccessCache,
  user: UserRow,
  modelId: string,
  param: string,
): Promise<ModelRow> {
  const row = await cache.model(modelId);
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
  if (await cache.switchedOff(user.id, Number(row.id))) {
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
