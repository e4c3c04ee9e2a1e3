import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import type { AdminModelRow, SyncCounts } from '../support/catalog.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';

// The real 421-model OpenRouter list is not redistributable, so it stays
// outside the repository and its absolute path comes from the environment.
const SNAPSHOT = process.env.OPENROUTER_CATALOG_SNAPSHOT;
const SNAPSHOT_SKIP =
  SNAPSHOT === undefined || SNAPSHOT === '' ? 'OPENROUTER_CATALOG_SNAPSHOT not set' : undefined;
// The snapshot was captured in August 2026; by this date four of its free models have expired.
const DECEMBER_2026 = Date.parse('2026-12-04T12:00:00Z');

describe('real catalogue snapshot', { skip: SNAPSHOT_SKIP }, () => {
  test('snapshot file is readable', () => {
    assert.doesNotThrow(
      () => accessSync(SNAPSHOT ?? '', constants.R_OK),
      `cannot read ${SNAPSHOT}`,
    );
  });
});

describeEachDatabase('real catalogue snapshot sync', (kind) => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;
  let admin: string;

  before(async () => {
    if (SNAPSHOT_SKIP !== undefined) return;
    emulator = await startEmulator({ port: 0, catalogPath: SNAPSHOT });
    gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      database: kind,
      now: () => DECEMBER_2026,
    });
    admin = await gateway.adminToken();
  });
  after(async () => {
    await gateway?.close();
    await emulator?.close();
  });

  test('snapshot into empty database', { skip: SNAPSHOT_SKIP }, async () => {
    const response = await gateway.request<SyncCounts>('POST', '/api/admin/sync-models', {
      token: admin,
    });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, {
      total: 421,
      added: 22,
      updated: 0,
      unavailable: 4,
      skipped: 0,
    });
    const models = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
      token: admin,
    });
    assert.equal(models.body.length, 22);
    assert.ok(
      models.body.every((row) => !row.enabled),
      'every new model arrives disabled',
    );
    const unavailable = models.body.filter((row) => !row.available).map((row) => row.modelId);
    assert.deepEqual(unavailable.sort(), [
      'dots-studio/dots-3-note-preview:free',
      'nvidia/nemotron-3-nano-30b-a3b:free',
      'nvidia/nemotron-nano-12b-v2-vl:free',
      'nvidia/nemotron-nano-9b-v2:free',
    ]);
    const ids = new Set(models.body.map((row) => row.modelId));
    assert.ok(ids.has('openrouter/free'), 'zero-priced router without :free is free');
    assert.ok(!ids.has('openrouter/auto'), 'router priced -1 is not free');
    assert.ok(![...ids].some((id) => id.startsWith('~') || id.endsWith(':batch')));
    assert.equal(models.body.filter((row) => row.supportsTools).length, 19);
  });

  test('second snapshot sync changes nothing', { skip: SNAPSHOT_SKIP }, async () => {
    const response = await gateway.request<SyncCounts>('POST', '/api/admin/sync-models', {
      token: admin,
    });
    assert.deepEqual(response.body, {
      total: 421,
      added: 0,
      updated: 0,
      unavailable: 0,
      skipped: 0,
    });
  });
});
