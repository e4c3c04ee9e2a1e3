import type { TestGateway } from './gateway.ts';

/** The counts of `POST /api/admin/sync-models`. */
export interface SyncCounts {
  total: number;
  added: number;
  updated: number;
  unavailable: number;
  skipped: number;
}

/** The admin view of a catalogue row. */
export interface AdminModelRow {
  id: number;
  modelId: string;
  name: string;
  description: string;
  contextLength: number | null;
  supportsTools: boolean;
  free: boolean;
  pricing: { prompt: string; completion: string };
  expiresAt: string | null;
  enabled: boolean;
  available: boolean;
}

/** The emulator's first free model that lists `tools` and never expires. */
export const EMULATOR_TOOLS_MODEL = 'acme/atlas-8b:free';
/** A free emulator model without tool support. */
export const EMULATOR_PLAIN_MODEL = 'acme/quill-3b:free';

/** Syncs the catalogue from the gateway's upstream through the admin API. */
export async function syncCatalog(gateway: TestGateway, adminToken?: string): Promise<SyncCounts> {
  const token = adminToken ?? (await gateway.adminToken());
  const response = await gateway.request<SyncCounts>('POST', '/api/admin/sync-models', { token });
  if (response.status !== 200)
    throw new Error(`sync-models failed: ${response.status} ${response.text}`);
  return response.body;
}

/** Sets one model's admin switch through the admin API and returns its row. */
export async function setModelEnabled(
  gateway: TestGateway,
  modelId: string,
  enabled: boolean,
  adminToken?: string,
): Promise<AdminModelRow> {
  const token = adminToken ?? (await gateway.adminToken());
  const response = await gateway.request<AdminModelRow>('PUT', '/api/admin/models/toggle', {
    token,
    body: { modelId, enabled },
  });
  if (response.status !== 200)
    throw new Error(`toggle ${modelId} failed: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * Syncs the catalogue from the emulator and enables the given models, so a
 * chat test can call them at once. Defaults to the emulator's tool-capable free model.
 */
export async function enableModels(
  gateway: TestGateway,
  modelIds: readonly string[] = [EMULATOR_TOOLS_MODEL],
  adminToken?: string,
): Promise<AdminModelRow[]> {
  const token = adminToken ?? (await gateway.adminToken());
  await syncCatalog(gateway, token);
  const rows: AdminModelRow[] = [];
  for (const modelId of modelIds) rows.push(await setModelEnabled(gateway, modelId, true, token));
  return rows;
}

/** Sets a model's daily limits through the admin API. */
export async function setUsageLimit(
  gateway: TestGateway,
  modelId: string,
  limits: { maxRequestsPerDay: number | null; maxTokensPerDay: number | null },
  adminToken?: string,
): Promise<void> {
  const token = adminToken ?? (await gateway.adminToken());
  const response = await gateway.request('PUT', '/api/admin/usage-limits', {
    token,
    body: { modelId, ...limits },
  });
  if (response.status !== 200)
    throw new Error(`usage-limits failed: ${response.status} ${response.text}`);
}
