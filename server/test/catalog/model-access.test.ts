import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import {
  type AdminModelRow,
  EMULATOR_PLAIN_MODEL,
  EMULATOR_TOOLS_MODEL,
  enableModels,
  setModelEnabled,
} from '../support/catalog.ts';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { resetEmulator } from './upstream-models.ts';

const DISABLED_MODEL = 'example/orbit-70b:free';
const EXPIRED_MODEL = 'example/glimmer-2:free';

interface ErrorBody {
  error: { code: string; type: string; message: string; param?: string };
}
interface ModelList {
  object: string;
  data: { id: string; object: string; created: number; owned_by: string }[];
}
interface UserModel {
  id: number;
  modelId: string;
  name: string;
  contextLength: number | null;
  supportsTools: boolean;
  enabled: boolean;
}

describeEachDatabase('model allow-list', (kind) => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;
  let admin: string;
  let user: TestUser;
  let rows: Map<string, AdminModelRow>;

  const chat = (body: Record<string, unknown>, token = user.token) =>
    gateway.request<ErrorBody>('POST', '/v1/chat/completions', {
      token,
      body: { messages: [{ role: 'user', content: 'Hello' }], ...body },
    });
  const upstreamChats = async () => {
    const records = (await (await fetch(`${emulator.origin}/__emulator/requests`)).json()) as {
      path: string;
    }[];
    return records.filter((record) => record.path === '/api/v1/chat/completions').length;
  };
  const scenario = async (body: Record<string, unknown>) => {
    const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201);
  };
  const adminRow = async (modelId: string) => {
    const list = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
      token: admin,
    });
    return list.body.find((row) => row.modelId === modelId);
  };

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      database: kind,
      env: {
        KEY_POLICY: 'shared',
        OPENROUTER_API_KEY: 'sk-or-v1-operator-key-for-tests',
        RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    admin = await gateway.adminToken();
    await enableModels(gateway, [EMULATOR_TOOLS_MODEL, EMULATOR_PLAIN_MODEL, EXPIRED_MODEL], admin);
    const list = await gateway.request<AdminModelRow[]>('GET', '/api/admin/models', {
      token: admin,
    });
    rows = new Map(list.body.map((row) => [row.modelId, row]));
  });
  after(async () => {
    await gateway?.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    await resetEmulator(emulator);
    user = await gateway.createUser();
  });

  test('model lists show usable models only', async () => {
    const v1 = await gateway.request<ModelList>('GET', '/v1/models', { token: user.token });
    assert.equal(v1.status, 200);
    assert.equal(v1.body.object, 'list');
    assert.deepEqual(
      v1.body.data.map((model) => model.id),
      [EMULATOR_TOOLS_MODEL, EMULATOR_PLAIN_MODEL],
    );
    const first = v1.body.data[0];
    assert.equal(first?.object, 'model');
    assert.equal(first?.owned_by, 'acme');
    assert.ok(Number.isInteger(first?.created));
    const chatList = await gateway.request<ModelList>('GET', '/api/chat/models', {
      token: user.token,
    });
    assert.deepEqual(chatList.body, v1.body);
  });

  test('single model by raw or encoded id', async () => {
    for (const path of [EMULATOR_TOOLS_MODEL, encodeURIComponent(EMULATOR_TOOLS_MODEL)]) {
      const response = await gateway.request<{ id: string }>('GET', `/v1/models/${path}`, {
        token: user.token,
      });
      assert.equal(response.status, 200, path);
      assert.equal(response.body.id, EMULATOR_TOOLS_MODEL);
    }
  });

  test('single model id is decoded once', async () => {
    const twice = encodeURIComponent(encodeURIComponent(EMULATOR_TOOLS_MODEL));
    const response = await gateway.request<ErrorBody>('GET', `/v1/models/${twice}`, {
      token: user.token,
    });
    assert.equal(response.status, 404);
    assert.equal(response.body.error.type, 'not_found_error');
  });

  test('unusable single model answers 404', async () => {
    for (const modelId of [DISABLED_MODEL, EXPIRED_MODEL, 'nobody/nothing']) {
      const response = await gateway.request<ErrorBody>('GET', `/v1/models/${modelId}`, {
        token: user.token,
      });
      assert.equal(response.status, 404, modelId);
      assert.equal(response.body.error.code, 'model_not_found');
    }
  });

  test('gateway key lists models on /v1 only', async () => {
    const created = await gateway.request<{ key: string }>('POST', '/api/user/gateway-keys', {
      token: user.token,
      body: { name: 'model list' },
    });
    assert.equal(created.status, 201);
    const v1 = await gateway.request<ModelList>('GET', '/v1/models', { token: created.body.key });
    assert.equal(v1.status, 200);
    assert.equal(v1.body.data.length, 2);
    assert.equal(
      (await gateway.request('GET', '/api/chat/models', { token: created.body.key })).status,
      401,
    );
  });

  test('user models list admin-enabled usable models', async () => {
    const response = await gateway.request<UserModel[]>('GET', '/api/user/models', {
      token: user.token,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, [
      {
        id: rows.get(EMULATOR_TOOLS_MODEL)?.id,
        modelId: EMULATOR_TOOLS_MODEL,
        name: 'Acme: Atlas 8B (free)',
        contextLength: 32768,
        supportsTools: true,
        enabled: true,
      },
      {
        id: rows.get(EMULATOR_PLAIN_MODEL)?.id,
        modelId: EMULATOR_PLAIN_MODEL,
        name: 'Acme: Quill 3B (free)',
        contextLength: 8192,
        supportsTools: false,
        enabled: true,
      },
    ]);
  });

  test('user switch hides the model from that user', async () => {
    const id = rows.get(EMULATOR_PLAIN_MODEL)?.id;
    // A chat first, so a cached row from it would show if the switch did not drop it.
    assert.equal((await chat({ model: EMULATOR_PLAIN_MODEL })).status, 200);
    const off = await gateway.request<UserModel>('PUT', `/api/user/models/${id}/toggle`, {
      token: user.token,
    });
    assert.equal(off.status, 200);
    assert.equal(off.body.enabled, false);
    const status = await gateway.request('GET', `/api/user/models/${id}/status`, {
      token: user.token,
    });
    assert.deepEqual(status.body, { id, modelId: EMULATOR_PLAIN_MODEL, enabled: false });
    const v1 = await gateway.request<ModelList>('GET', '/v1/models', { token: user.token });
    assert.deepEqual(
      v1.body.data.map((model) => model.id),
      [EMULATOR_TOOLS_MODEL],
    );
    const refused = await chat({ model: EMULATOR_PLAIN_MODEL });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'model_not_enabled');
    const other = await gateway.createUser();
    assert.equal((await chat({ model: EMULATOR_PLAIN_MODEL }, other.token)).status, 200);
    const on = await gateway.request<UserModel>('PUT', `/api/user/models/${id}/toggle`, {
      token: user.token,
      body: { enabled: true },
    });
    assert.equal(on.body.enabled, true);
    assert.equal((await chat({ model: EMULATOR_PLAIN_MODEL })).status, 200);
  });

  test('explicit user switch is idempotent', async () => {
    const id = rows.get(EMULATOR_TOOLS_MODEL)?.id;
    for (let i = 0; i < 2; i++) {
      const off = await gateway.request<UserModel>('PUT', `/api/user/models/${id}/toggle`, {
        token: user.token,
        body: { enabled: false },
      });
      assert.equal(off.status, 200);
      assert.equal(off.body.enabled, false);
    }
  });

  test('user toggle of unknown or disabled model answers 404', async () => {
    for (const id of [rows.get(DISABLED_MODEL)?.id, rows.get(EXPIRED_MODEL)?.id, 999_999]) {
      const toggle = await gateway.request<ErrorBody>('PUT', `/api/user/models/${id}/toggle`, {
        token: user.token,
      });
      assert.equal(toggle.status, 404, String(id));
      const status = await gateway.request('GET', `/api/user/models/${id}/status`, {
        token: user.token,
      });
      assert.equal(status.status, 404, String(id));
    }
  });

  test('chat refuses models outside the allow-list', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ model: 'nobody/nothing' }, 404, 'model_not_found', 'model'],
      [{ model: DISABLED_MODEL }, 403, 'model_not_enabled', 'model'],
      [{ model: EXPIRED_MODEL }, 404, 'model_withdrawn', 'model'],
      [
        { model: EMULATOR_TOOLS_MODEL, models: [EMULATOR_PLAIN_MODEL, DISABLED_MODEL] },
        403,
        'model_not_enabled',
        'models.1',
      ],
      [
        { model: EMULATOR_TOOLS_MODEL, models: ['nobody/nothing'] },
        404,
        'model_not_found',
        'models.0',
      ],
    ];
    for (const [body, status, code, param] of cases) {
      const response = await chat(body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(response.body.error.code, code, JSON.stringify(body));
      assert.equal(response.body.error.param, param, JSON.stringify(body));
    }
    assert.equal(await upstreamChats(), 0);
  });

  test('tools to a model without tool support answer 400', async () => {
    const tools = [
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } },
    ];
    const refused = await chat({ model: EMULATOR_PLAIN_MODEL, tools });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'tools_unsupported');
    const fallback = await chat({
      model: EMULATOR_TOOLS_MODEL,
      models: [EMULATOR_PLAIN_MODEL],
      tools,
    });
    assert.equal(fallback.status, 400);
    assert.equal(fallback.body.error.param, 'models.0');
    assert.equal(await upstreamChats(), 0);
    assert.equal((await chat({ model: EMULATOR_TOOLS_MODEL, tools })).status, 200);
  });

  test('admin disabling a model stops chat at once', async () => {
    assert.equal((await chat({ model: EMULATOR_TOOLS_MODEL })).status, 200);
    await setModelEnabled(gateway, EMULATOR_TOOLS_MODEL, false, admin);
    try {
      const refused = await chat({ model: EMULATOR_TOOLS_MODEL });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'model_not_enabled');
    } finally {
      await setModelEnabled(gateway, EMULATOR_TOOLS_MODEL, true, admin);
    }
  });

  test('withdrawal 404 marks the model unavailable', async () => {
    await enableModels(gateway, ['example/sponsor-mini'], admin);
    await scenario({
      match: { model: 'example/sponsor-mini' },
      status: 404,
      body: { error: { code: 404, message: 'Gone.', availability: { code: 'model_deprecated' } } },
    });
    const first = await chat({ model: 'example/sponsor-mini' });
    assert.equal(first.status, 404);
    assert.equal(first.body.error.code, 'model_withdrawn');
    const row = await adminRow('example/sponsor-mini');
    assert.equal(row?.available, false);
    assert.equal(row?.enabled, true);
    const second = await chat({ model: 'example/sponsor-mini' });
    assert.equal(second.body.error.code, 'model_withdrawn');
    assert.equal(await upstreamChats(), 1);
    const audit = await gateway.request<{
      items: { actorId: number | null; targetId: string; after: unknown }[];
    }>('GET', '/api/admin/audit?action=model.withdrawn', { token: admin });
    assert.equal(audit.body.items[0]?.targetId, 'example/sponsor-mini');
    assert.equal(audit.body.items[0]?.actorId, null);
    assert.deepEqual(audit.body.items[0]?.after, { available: false, reason: 'model_deprecated' });
    const back = await gateway.request('POST', '/api/admin/sync-models', { token: admin });
    assert.equal(back.status, 200);
    assert.equal((await adminRow('example/sponsor-mini'))?.available, true);
  });

  test('concurrent withdrawals write one audit event', async () => {
    const { admission } = gateway.running.ctx;
    await Promise.all(
      Array.from({ length: 5 }, () => admission.markWithdrawn(DISABLED_MODEL, 'model_deprecated')),
    );
    await admission.markWithdrawn('nobody/nothing', 'model_deprecated');
    const audit = await gateway.request<{ items: { targetId: string }[] }>(
      'GET',
      '/api/admin/audit?action=model.withdrawn&size=200',
      { token: admin },
    );
    assert.equal(audit.body.items.filter((item) => item.targetId === DISABLED_MODEL).length, 1);
    assert.equal(audit.body.items.filter((item) => item.targetId === 'nobody/nothing').length, 0);
    assert.equal((await adminRow(DISABLED_MODEL))?.available, false);
    assert.equal(
      (await gateway.request('POST', '/api/admin/sync-models', { token: admin })).status,
      200,
    );
    assert.equal((await adminRow(DISABLED_MODEL))?.available, true);
  });

  test('request-caused 404 changes nothing', async () => {
    const tools = [
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } },
    ];
    const cases: Record<string, unknown>[] = [
      { model: EMULATOR_TOOLS_MODEL, tools },
      { model: EMULATOR_TOOLS_MODEL, provider: { only: ['nobody'] } },
      { model: EMULATOR_TOOLS_MODEL, provider: { data_collection: 'deny' } },
    ];
    for (const body of cases) {
      await scenario({
        match: { model: EMULATOR_TOOLS_MODEL },
        status: 404,
        body: { error: { code: 404, message: `No endpoints found for ${EMULATOR_TOOLS_MODEL}.` } },
      });
      const response = await chat(body);
      assert.equal(response.status, 404, JSON.stringify(body));
      assert.equal(response.body.error.code, 'upstream_rejected', JSON.stringify(body));
    }
    await scenario({
      match: { model: EMULATOR_TOOLS_MODEL },
      status: 404,
      body: { error: { code: 404, message: 'No endpoints found matching your data policy.' } },
    });
    assert.equal(
      (await chat({ model: EMULATOR_TOOLS_MODEL })).body.error.code,
      'upstream_rejected',
    );
    const row = await adminRow(EMULATOR_TOOLS_MODEL);
    assert.equal(row?.available, true);
    assert.equal((await chat({ model: EMULATOR_TOOLS_MODEL })).status, 200);
  });
});
