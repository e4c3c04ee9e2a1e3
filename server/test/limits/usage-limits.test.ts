import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDatabase } from '../support/services.ts';
import {
  EMULATOR_PLAIN_MODEL,
  EMULATOR_TOOLS_MODEL,
  type ErrorBody,
  LimitsFixture,
} from './limits-fixture.ts';

interface Limit {
  modelId: string;
  maxRequestsPerDay: number | null;
  maxTokensPerDay: number | null;
}

describeEachDatabase('usage limits admin', (kind) => {
  let fixture: LimitsFixture;

  const put = (body: Record<string, unknown>, token = fixture.admin) =>
    fixture.gateway.request<Limit & ErrorBody>('PUT', '/api/admin/usage-limits', { token, body });
  const list = async () =>
    (
      await fixture.gateway.request<Limit[]>('GET', '/api/admin/usage-limits', {
        token: fixture.admin,
      })
    ).body;

  before(async () => {
    fixture = await LimitsFixture.start({ database: kind });
  });
  after(async () => {
    await fixture?.close();
  });

  test('put sets one model and get lists it', async () => {
    const saved = await put({
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: 5,
      maxTokensPerDay: null,
    });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body, {
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: 5,
      maxTokensPerDay: null,
    });
    await put({ modelId: EMULATOR_TOOLS_MODEL, maxRequestsPerDay: null, maxTokensPerDay: 5000 });
    assert.deepEqual(await list(), [
      { modelId: EMULATOR_TOOLS_MODEL, maxRequestsPerDay: null, maxTokensPerDay: 5000 },
      { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 5, maxTokensPerDay: null },
    ]);
    const changed = await put({
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: 7,
      maxTokensPerDay: 100,
    });
    assert.deepEqual(changed.body, {
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: 7,
      maxTokensPerDay: 100,
    });
    assert.equal(
      (await list()).find((row) => row.modelId === EMULATOR_TOOLS_MODEL)?.maxTokensPerDay,
      5000,
    );
  });

  test('both null removes the row', async () => {
    await put({ modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 3, maxTokensPerDay: null });
    const removed = await put({
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: null,
      maxTokensPerDay: null,
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, {
      modelId: EMULATOR_PLAIN_MODEL,
      maxRequestsPerDay: null,
      maxTokensPerDay: null,
    });
    assert.equal(
      (await list()).find((row) => row.modelId === EMULATOR_PLAIN_MODEL),
      undefined,
    );
  });

  test('zero blocks every request', async () => {
    const user = await fixture.gateway.createUser();
    await put({ modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 0, maxTokensPerDay: null });
    assert.equal((await fixture.chat(user.token)).status, 429);
    await put({ modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: null, maxTokensPerDay: null });
    assert.equal((await fixture.chat(user.token)).status, 200);
  });

  test('unknown model answers 404', async () => {
    const response = await put({
      modelId: 'nobody/nothing',
      maxRequestsPerDay: 1,
      maxTokensPerDay: null,
    });
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'model_not_found');
  });

  test('invalid limits answer 400', async () => {
    const cases: Record<string, unknown>[] = [
      { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: -1, maxTokensPerDay: null },
      { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 1.5, maxTokensPerDay: null },
      { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 'many', maxTokensPerDay: null },
      { maxRequestsPerDay: 1, maxTokensPerDay: null },
    ];
    for (const body of cases) {
      const response = await put(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'validation_failed');
    }
  });

  test('limit change writes an audit event', async () => {
    await put({ modelId: EMULATOR_TOOLS_MODEL, maxRequestsPerDay: 9, maxTokensPerDay: null });
    const audit = await fixture.gateway.request<{
      items: { actorEmail: string; targetId: string; before: unknown; after: unknown }[];
    }>('GET', '/api/admin/audit?action=usage_limits.update', { token: fixture.admin });
    const latest = audit.body.items[0];
    assert.equal(latest?.targetId, EMULATOR_TOOLS_MODEL);
    assert.equal(latest?.actorEmail, 'admin@localhost');
    assert.deepEqual(latest?.after, {
      modelId: EMULATOR_TOOLS_MODEL,
      maxRequestsPerDay: 9,
      maxTokensPerDay: null,
    });
  });

  test('usage limit routes need an admin', async () => {
    const user = await fixture.gateway.createUser();
    assert.equal(
      (await fixture.gateway.request('GET', '/api/admin/usage-limits', { token: user.token }))
        .status,
      403,
    );
    const body = { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 1, maxTokensPerDay: null };
    assert.equal((await put(body, user.token)).status, 403);
  });

  test('user usage shows counts with limits', async () => {
    const user = await fixture.gateway.createUser();
    await put({ modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: 10, maxTokensPerDay: 100_000 });
    assert.equal((await fixture.chat(user.token)).status, 200);
    const usage = await fixture.usage(user);
    assert.equal(usage.timezone, 'UTC');
    assert.match(usage.day, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(
      usage.resetAt,
      `${new Date(Date.parse(`${usage.day}T00:00:00Z`) + 86_400_000).toISOString()}`,
    );
    assert.equal(usage.models.length, 1);
    const row = usage.models[0];
    assert.equal(row?.modelId, EMULATOR_PLAIN_MODEL);
    assert.equal(row?.requests, 1);
    assert.ok((row?.totalTokens ?? 0) > 0);
    assert.equal(row?.maxRequestsPerDay, 10);
    assert.equal(row?.maxTokensPerDay, 100_000);
    const other = await fixture.gateway.createUser();
    assert.deepEqual((await fixture.usage(other)).models, []);
  });
});
