import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { type AdminModelRow, EMULATOR_TOOLS_MODEL, syncCatalog } from '../support/catalog.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';

interface AuditItems {
  items: {
    action: string;
    actorEmail: string | null;
    targetId: string;
    before: unknown;
    after: unknown;
  }[];
}

describeEachDatabase('admin model toggle', (kind) => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;
  let admin: string;

  const toggle = (body: Record<string, unknown>, token = admin) =>
    gateway.request<AdminModelRow & { error?: { code: string } }>(
      'PUT',
      '/api/admin/models/toggle',
      { token, body },
    );

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    gateway = await TestGateway.start({ upstream: emulator.baseUrl, database: kind });
    admin = await gateway.adminToken();
    await syncCatalog(gateway, admin);
  });
  after(async () => {
    await gateway?.close();
    await emulator?.close();
  });

  test('toggle sets and flips the admin switch', async () => {
    const on = await toggle({ modelId: EMULATOR_TOOLS_MODEL, enabled: true });
    assert.equal(on.status, 200);
    assert.equal(on.body.enabled, true);
    assert.equal(on.body.modelId, EMULATOR_TOOLS_MODEL);
    assert.equal(on.body.available, true);
    const flipped = await toggle({ modelId: EMULATOR_TOOLS_MODEL });
    assert.equal(flipped.body.enabled, false);
    const again = await toggle({ modelId: EMULATOR_TOOLS_MODEL });
    assert.equal(again.body.enabled, true);
    const list = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
      token: admin,
    });
    assert.equal(list.body.find((row) => row.modelId === EMULATOR_TOOLS_MODEL)?.enabled, true);
  });

  test('toggle writes an audit event', async () => {
    await toggle({ modelId: EMULATOR_TOOLS_MODEL, enabled: false });
    const audit = await gateway.request<AuditItems>('GET', '/api/admin/audit?action=model.toggle', {
      token: admin,
    });
    const latest = audit.body.items[0];
    assert.equal(latest?.targetId, EMULATOR_TOOLS_MODEL);
    assert.equal(latest?.actorEmail, 'admin@localhost');
    assert.deepEqual(latest?.after, { enabled: false });
    assert.equal(typeof (latest?.before as { enabled?: unknown })?.enabled, 'boolean');
  });

  test('toggle of unknown model answers 404', async () => {
    const response = await toggle({ modelId: 'nobody/nothing', enabled: true });
    assert.equal(response.status, 404);
    assert.equal(response.body.error?.code, 'model_not_found');
  });

  test('toggle validates its body', async () => {
    const response = await toggle({ enabled: true });
    assert.equal(response.status, 400);
    const wrongType = await toggle({ modelId: EMULATOR_TOOLS_MODEL, enabled: 'yes' });
    assert.equal(wrongType.status, 400);
  });

  test('model admin routes need an admin', async () => {
    const user = await gateway.createUser();
    assert.equal(
      (await gateway.request('GET', '/api/admin/models', { token: user.token })).status,
      403,
    );
    assert.equal((await toggle({ modelId: EMULATOR_TOOLS_MODEL }, user.token)).status, 403);
  });
});
