import { recordAudit } from '../admin/audit-log.ts';
import type { Config } from '../config/settings.ts';
import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import type { ModelRow, ModelsTable } from '../storage/schema.ts';
import { fetchUpstreamModels } from './catalog-fetch.ts';
import { isFree, selectCatalogModels } from './selection.ts';
import { parseUpstreamModel, type UpstreamModel } from './upstream-entry.ts';

/** The counts `POST /api/admin/sync-models` returns. */
export interface SyncResult {
  /** Entries in the upstream list. */
  total: number;
  added: number;
  /** Existing rows whose fields or availability changed. */
  updated: number;
  /** Rows that became unavailable in this run, new rows already expired included. */
  unavailable: number;
  /** Malformed entries only. */
  skipped: number;
}

export interface SyncOptions {
  config: Config;
  db: Db;
  now: number;
  /** Null for the start-up and periodic syncs and the CLI. */
  actor: { id: number; email: string } | null;
}

type StoredFields = Pick<
  ModelsTable,
  | 'name'
  | 'description'
  | 'context_length'
  | 'supports_tools'
  | 'free'
  | 'pricing_prompt'
  | 'pricing_completion'
  | 'expires_at'
  | 'available'
  | 'unavailable_reason'
>;

/**
 * Fetches the upstream list and brings the catalogue in line with it. A
 * failed fetch throws before anything changes; an empty list changes nothing.
 */
export async function syncCatalog(options: SyncOptions): Promise<SyncResult> {
  const entries = await fetchUpstreamModels(options.config);
  const result: SyncResult = {
    total: entries.length,
    added: 0,
    updated: 0,
    unavailable: 0,
    skipped: 0,
  };
  if (entries.length === 0) return result;

  const parsed: UpstreamModel[] = [];
  for (const entry of entries) {
    const model = parseUpstreamModel(entry);
    if (model === undefined) result.skipped += 1;
    else parsed.push(model);
  }
  const selected = selectCatalogModels(parsed, options.config.allowPaidModels);
  const listed = new Set(parsed.map((model) => model.id));

  await options.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('models').selectAll().execute()).map((row) => [row.model_id, row]),
    );
    for (const model of selected.values()) {
      await applyListed(trx, model, existing.get(model.id), options.now, result);
    }
    for (const row of existing.values()) {
      if (selected.has(row.model_id)) continue;
      await applyUnlisted(
        trx,
        row,
        listed.has(row.model_id) ? 'not_free' : 'gone',
        options.now,
        result,
      );
    }
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: 'models.sync',
        targetType: 'models',
        targetId: null,
        after: result,
      },
      options.now,
    );
  });
  return result;
}

function storedFields(model: UpstreamModel, now: number): StoredFields {
  const expired = model.expiresAt !== null && model.expiresAt <= now;
  return {
    name: model.name,
    description: model.description,
    context_length: model.contextLength,
    supports_tools: model.supportedParameters.includes('tools') ? 1 : 0,
    free: isFree(model) ? 1 : 0,
    pricing_prompt: model.pricingPrompt,
    pricing_completion: model.pricingCompletion,
    expires_at: model.expiresAt,
    available: expired ? 0 : 1,
    unavailable_reason: expired ? 'expired' : null,
  };
}

async function applyListed(
  db: Db,
  model: UpstreamModel,
  row: ModelRow | undefined,
  now: number,
  result: SyncResult,
): Promise<void> {
  const fields = storedFields(model, now);
  if (row === undefined) {
    if (await insertModel(db, model.id, fields, now)) {
      result.added += 1;
      if (fields.available === 0) result.unavailable += 1;
    }
    return;
  }
  if (!differs(row, fields)) return;
  await db
    .updateTable('models')
    .set({ ...fields, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  result.updated += 1;
  if (Number(row.available) === 1 && fields.available === 0) result.unavailable += 1;
}

async function applyUnlisted(
  db: Db,
  row: ModelRow,
  reason: 'gone' | 'not_free',
  now: number,
  result: SyncResult,
): Promise<void> {
  if (Number(row.available) !== 1) return;
  await db
    .updateTable('models')
    .set({ available: 0, unavailable_reason: reason, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  result.updated += 1;
  result.unavailable += 1;
}

/** Inserts a new, disabled row; false when another instance inserted it first. */
async function insertModel(
  db: Db,
  modelId: string,
  fields: StoredFields,
  now: number,
): Promise<boolean> {
  const insert = db
    .insertInto('models')
    .values({ model_id: modelId, ...fields, enabled: 0, created_at: now, updated_at: now });
  const result =
    dialectOf(db) === 'mysql'
      ? await insert.ignore().executeTakeFirst()
      : await insert
          .onConflict((conflict) => conflict.column('model_id').doNothing())
          .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

function differs(row: ModelRow, fields: StoredFields): boolean {
  return (Object.keys(fields) as (keyof StoredFields)[]).some((key) => {
    const stored = row[key];
    const next = fields[key];
    if (stored === null || next === null) return stored !== next;
    return typeof next === 'number' ? Number(stored) !== next : String(stored) !== next;
  });
}
