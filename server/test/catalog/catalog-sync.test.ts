import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { type AdminModelRow, type SyncCounts, setModelEnabled } from '../support/catalog.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { modelEntry, resetEmulator, scriptModelList } from './upstream-models.ts';

const DAY_MS = 86_400_000;

describeEachDatabase('catalogue sync', (kind) => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;
  let admin: string;
  let clock = Date.parse('2026-12-04T12:00:00Z');

  const sync = () =>
    gateway.request<SyncCounts>('POST', '/api/admin/sync-models', { token: admin });
  const rows = async () => {
    const response = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
      token: admin,
    });
    assert.equal(response.status, 200);
    return new Map(response.body.map((row) => [row.modelId, row]));
  };
  const syncList = async (entries: unknown[]) => {
    await scriptModelList(emulator, { body: { data: entries } });
    const response = await sync();
    assert.equal(response.status, 200, response.text);
    return response.body;
  };

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      database: kind,
      now: () => clock,
      // Tokens outlive the days the clock is moved forward.
      env: { JWT_EXPIRATION_MS: String(30 * DAY_MS) },
    });
    admin = await gateway.adminToken();
  });
  after(async () => {
    await gateway?.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    await resetEmulator(emulator);
    await gateway.running.ctx.db.deleteFrom('models').execute();
    await gateway.running.ctx.db.deleteFrom('audit_events').execute();
    clock = Date.parse('2026-12-04T12:00:00Z');
  });

  test('emulator catalogue selects free text models', async () => {
    const response = await sync();
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      total: 13,
      added: 5,
      updated: 0,
      unavailable: 1,
      skipped: 0,
    });
    const stored = await rows();
    assert.deepEqual([...stored.keys()].sort(), [
      'acme/atlas-8b:free',
      'acme/quill-3b:free',
      'example/glimmer-2:free',
      'example/orbit-70b:free',
      'example/sponsor-mini',
    ]);
    for (const row of stored.values())
      assert.equal(row.enabled, false, `${row.modelId} arrives disabled`);
    assert.equal(stored.get('example/glimmer-2:free')?.available, false);
    assert.equal(stored.get('acme/atlas-8b:free')?.available, true);
  });

  test('sync stores the catalogue fields', async () => {
    await sync();
    const stored = await rows();
    const atlas = stored.get('acme/atlas-8b:free');
    assert.ok(atlas);
    assert.equal(atlas.name, 'Acme: Atlas 8B (free)');
    assert.match(atlas.description, /tool calling/);
    assert.equal(atlas.contextLength, 32768);
    assert.equal(atlas.supportsTools, true);
    assert.equal(atlas.free, true);
    assert.deepEqual(atlas.pricing, { prompt: '0', completion: '0' });
    assert.equal(atlas.expiresAt, null);
    assert.equal(stored.get('acme/quill-3b:free')?.supportsTools, false);
    assert.equal(stored.get('example/orbit-70b:free')?.expiresAt, '2099-12-31T00:00:00.000Z');
  });

  test('repeated sync changes nothing', async () => {
    await sync();
    const second = await sync();
    assert.deepEqual(second.body, { total: 13, added: 0, updated: 0, unavailable: 0, skipped: 0 });
  });

  test('free twin wins over free plain id', async () => {
    const counts = await syncList([
      modelEntry('v/twin'),
      modelEntry('v/twin:free'),
      modelEntry('v/paid-twin', { prompt: '0.000001', completion: '0.000002' }),
      modelEntry('v/paid-twin:free'),
      modelEntry('v/alone'),
    ]);
    assert.equal(counts.added, 3);
    assert.deepEqual([...(await rows()).keys()].sort(), [
      'v/alone',
      'v/paid-twin:free',
      'v/twin:free',
    ]);
  });

  test('aliases, batch, routers and non-text are never stored', async () => {
    const counts = await syncList([
      modelEntry('~v/family-latest'),
      modelEntry('v/model:batch'),
      modelEntry('v/router', { prompt: '-1', completion: '-1' }),
      modelEntry('v/painter', { output: ['image'] }),
      modelEntry('v/half', { prompt: '0', completion: '0.000001' }),
      modelEntry('v/speaker', { output: ['text', 'audio'] }),
    ]);
    assert.deepEqual(counts, { total: 6, added: 1, updated: 0, unavailable: 0, skipped: 0 });
    assert.deepEqual([...(await rows()).keys()], ['v/speaker']);
  });

  test('malformed entries are skipped and counted', async () => {
    const bad = [
      { id: 42, name: 'numeric id' },
      { ...modelEntry('v/no-pricing'), pricing: undefined },
      { ...modelEntry('v/bad-price'), pricing: { prompt: 'free', completion: '0' } },
      { ...modelEntry('v/bad-context'), context_length: 'long' },
      { ...modelEntry('v/bad-date'), expiration_date: 'soon' },
      'not an object',
    ];
    const counts = await syncList([...bad, modelEntry('v/good')]);
    assert.deepEqual(counts, { total: 7, added: 1, updated: 0, unavailable: 0, skipped: 6 });
  });

  test('gone model stays unavailable with admin choice', async () => {
    await syncList([modelEntry('v/keeper'), modelEntry('v/leaver')]);
    await setModelEnabled(gateway, 'v/leaver', true, admin);
    const counts = await syncList([modelEntry('v/keeper')]);
    assert.deepEqual(counts, { total: 1, added: 0, updated: 1, unavailable: 1, skipped: 0 });
    const gone = (await rows()).get('v/leaver');
    assert.equal(gone?.available, false);
    assert.equal(gone?.enabled, true);
    const back = await syncList([modelEntry('v/keeper'), modelEntry('v/leaver')]);
    assert.deepEqual(back, { total: 2, added: 0, updated: 1, unavailable: 0, skipped: 0 });
    const returned = (await rows()).get('v/leaver');
    assert.equal(returned?.available, true);
    assert.equal(returned?.enabled, true);
  });

  test('model no longer free becomes unavailable', async () => {
    await syncList([modelEntry('v/sponsored')]);
    const counts = await syncList([
      modelEntry('v/sponsored', { prompt: '0.000001', completion: '0.000001' }),
    ]);
    assert.equal(counts.unavailable, 1);
    const row = (await rows()).get('v/sponsored');
    assert.equal(row?.available, false);
    assert.deepEqual(row?.pricing, { prompt: '0', completion: '0' });
  });

  test('expiration date follows the injected clock', async () => {
    const list = [modelEntry('v/ending:free', { expiration: '2026-12-05' })];
    assert.equal((await syncList(list)).unavailable, 0);
    assert.equal((await rows()).get('v/ending:free')?.available, true);
    clock += DAY_MS;
    assert.deepEqual(await syncList(list), {
      total: 1,
      added: 0,
      updated: 1,
      unavailable: 1,
      skipped: 0,
    });
    const row = (await rows()).get('v/ending:free');
    assert.equal(row?.available, false);
    assert.equal(row?.expiresAt, '2026-12-05T00:00:00.000Z');
  });

  test('changed fields count as updated', async () => {
    await syncList([modelEntry('v/growing', { contextLength: 8192, tools: false })]);
    const counts = await syncList([modelEntry('v/growing', { contextLength: 65536, tools: true })]);
    assert.deepEqual(counts, { total: 1, added: 0, updated: 1, unavailable: 0, skipped: 0 });
    const row = (await rows()).get('v/growing');
    assert.equal(row?.contextLength, 65536);
    assert.equal(row?.supportsTools, true);
  });

  test('empty list changes nothing', async () => {
    await sync();
    const counts = await syncList([]);
    assert.deepEqual(counts, { total: 0, added: 0, updated: 0, unavailable: 0, skipped: 0 });
    assert.equal((await rows()).get('acme/atlas-8b:free')?.available, true);
  });

  test('failed fetch answers 502 and changes nothing', async () => {
    await sync();
    await scriptModelList(emulator, { status: 500 });
    const failed = await sync();
    assert.equal(failed.status, 502);
    assert.equal(
      (failed.body as unknown as { error: { code: string } }).error.code,
      'upstream_error',
    );
    await scriptModelList(emulator, { status: 200, body: '{"data": [' });
    assert.equal((await sync()).status, 502);
    await scriptModelList(emulator, { status: 200, body: { models: [] } });
    assert.equal((await sync()).status, 502);
    const stored = await rows();
    assert.equal(stored.size, 5);
    assert.equal(stored.get('acme/atlas-8b:free')?.available, true);
  });

  test('upstream timeout status answers 504', async () => {
    await scriptModelList(emulator, { status: 504 });
    const failed = await sync();
    assert.equal(failed.status, 504);
    assert.equal(
      (failed.body as unknown as { error: { code: string } }).error.code,
      'upstream_timeout',
    );
    assert.equal((await rows()).size, 0);
  });

  test('sync writes an audit event with the admin', async () => {
    await sync();
    const audit = await gateway.request<{
      items: { action: string; actorEmail: string | null; after: unknown }[];
    }>('GET', '/api/admin/audit?action=models.sync', { token: admin });
    assert.equal(audit.status, 200);
    const latest = audit.body.items[0];
    assert.equal(latest?.action, 'models.sync');
    assert.equal(latest?.actorEmail, 'admin@localhost');
    assert.deepEqual(latest?.after, {
      total: 13,
      added: 5,
      updated: 0,
      unavailable: 1,
      skipped: 0,
    });
  });

  test('sync needs an admin', async () => {
    const user = await gateway.createUser();
    assert.equal(
      (await gateway.request('POST', '/api/admin/sync-models', { token: user.token })).status,
      403,
    );
    assert.equal((await gateway.request('POST', '/api/admin/sync-models')).status, 401);
  });
});
