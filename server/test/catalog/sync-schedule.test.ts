import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { CLOSED_UPSTREAM, cliEnv, runCli } from '../cli/cli-process.ts';
import type { AdminModelRow } from '../support/catalog.ts';
import { TestGateway } from '../support/gateway.ts';
import { scriptModelList } from './upstream-models.ts';

describe('catalogue sync at start-up', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(async () => {
    await emulator?.close();
  });

  test('start-up sync fills the catalogue before ready', async () => {
    await scriptModelList(emulator, {
      status: 200,
      delayBeforeHeadersMs: 1500,
      body: { data: [] },
    });
    const gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: { MODEL_SYNC_ON_START: 'true' },
    });
    try {
      assert.equal((await gateway.request('GET', '/api/health')).status, 503);
      await gateway.ready();
      const admin = await gateway.adminToken();
      const models = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
        token: admin,
      });
      // The delayed scripted reply was an empty list, so nothing was stored yet.
      assert.equal(models.body.length, 0);
    } finally {
      await gateway.close();
    }
  });

  test('start-up sync stores the emulator catalogue', async () => {
    const gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: { MODEL_SYNC_ON_START: 'true' },
    });
    try {
      await gateway.ready();
      const admin = await gateway.adminToken();
      const models = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
        token: admin,
      });
      assert.equal(models.body.length, 5);
      assert.match(gateway.logs.text, /model catalogue synced/);
      const audit = await gateway.request<{ items: { actorId: number | null }[] }>(
        'GET',
        '/api/admin/audit?action=models.sync',
        { token: admin },
      );
      assert.equal(audit.body.items.length, 1);
      assert.equal(audit.body.items[0]?.actorId, null);
    } finally {
      await gateway.close();
    }
  });

  test('failed start-up sync is logged and start-up goes on', async () => {
    const gateway = await TestGateway.start({
      upstream: CLOSED_UPSTREAM,
      env: { MODEL_SYNC_ON_START: 'true' },
    });
    try {
      await gateway.ready();
      assert.match(gateway.logs.text, /model catalogue sync failed/);
    } finally {
      await gateway.close();
    }
  });
});

describe('sync-models command', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(async () => {
    await emulator?.close();
  });

  test('sync-models prints the counts', async () => {
    const env = cliEnv({ OPENROUTER_BASE_URL: emulator.baseUrl });
    const first = await runCli(['sync-models'], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), {
      total: 13,
      added: 5,
      updated: 0,
      unavailable: 1,
      skipped: 0,
    });
    const second = await runCli(['sync-models'], { env });
    assert.deepEqual(JSON.parse(second.stdout), {
      total: 13,
      added: 0,
      updated: 0,
      unavailable: 0,
      skipped: 0,
    });
  });

  test('sync-models exits 1 when the upstream fails', async () => {
    const result = await runCli(['sync-models'], { env: cliEnv() });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Model sync failed: The upstream could not be reached/);
  });
});

describe('periodic catalogue sync', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(async () => {
    mock.timers.reset();
    await emulator?.close();
  });

  const modelListFetches = async () => {
    const records = (await (await fetch(`${emulator.origin}/__emulator/requests`)).json()) as {
      path: string;
    }[];
    return records.filter((record) => record.path === '/api/v1/models').length;
  };

  test('interval sync runs and stops on close', async () => {
    // Only setInterval is simulated, so the gateway's sockets and timeouts run as usual.
    mock.timers.enable({ apis: ['setInterval'] });
    const gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: { MODEL_SYNC_INTERVAL_HOURS: '2' },
    });
    let closed = false;
    try {
      const admin = await gateway.adminToken();
      const count = async () =>
        (await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', { token: admin })).body
          .length;
      assert.equal(await count(), 0);
      mock.timers.tick(3_600_000);
      assert.equal(await modelListFetches(), 0, 'no sync after one hour');
      mock.timers.tick(3_600_000);
      const deadline = Date.now() + 5000;
      while ((await count()) === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(await count(), 5);
      assert.equal(await modelListFetches(), 1);
      await gateway.close();
      closed = true;
      mock.timers.tick(2 * 3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await modelListFetches(), 1, 'no sync after close');
    } finally {
      if (!closed) await gateway.close();
      mock.timers.reset();
    }
  });
});
