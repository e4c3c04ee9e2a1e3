import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChatFixture, EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL } from '../chat/chat-fixture.ts';
import { setModelEnabled } from '../support/catalog.ts';
import { describeEachDatabase } from '../support/services.ts';
import { startConversation, streamMessage } from './conversation-client.ts';

interface ErrorBody {
  error: { code: string; resetAt?: string };
}

describeEachDatabase('conversation limits', (database) => {
  let fixture: ChatFixture;
  let adminToken: string;

  before(async () => {
    fixture = await ChatFixture.start({ database, env: { RATE_LIMIT_PER_MINUTE: '2' } });
    adminToken = await fixture.gateway.adminToken();
  });
  after(async () => {
    await fixture.close();
  });

  function post<T>(token: string, id: number, content: string) {
    return fixture.gateway.request<T>('POST', `/api/conversations/${id}/messages`, {
      token,
      body: { content },
    });
  }

  test('per-minute limit applies; titles take no slot', async () => {
    const user = await fixture.userWithKey();
    const id = await startConversation(fixture.gateway, user.token, EMULATOR_PLAIN_MODEL);
    // The first message also makes the title call, which must not use the second slot.
    assert.equal((await post(user.token, id, 'one')).status, 201);
    const second = await streamMessage(fixture.gateway, user.token, id, 'two');
    assert.equal(second.response.status, 200);
    assert.equal(second.response.headers.get('ratelimit-remaining'), '0');
    const third = await post<ErrorBody>(user.token, id, 'three');
    assert.equal(third.status, 429);
    assert.equal(third.body.error.code, 'rate_limited');
    assert.match(third.headers.get('retry-after') ?? '', /^\d+$/);
    const rows = await fixture.logsOf(user.row.id, 4);
    const rejected = rows.filter((row) => row.outcome === 'rejected');
    assert.deepEqual(
      rejected.map((row) => [row.source, row.error_code, row.status]),
      [['conversation', 'rate_limited', 429]],
    );
  });

  test('daily quota applies to conversation messages', async () => {
    const user = await fixture.userWithKey();
    const limit = await fixture.gateway.request('PUT', '/api/admin/usage-limits', {
      token: adminToken,
      body: { modelId: EMULATOR_TOOLS_MODEL, maxRequestsPerDay: 1, maxTokensPerDay: null },
    });
    assert.equal(limit.status, 200, limit.text);
    try {
      const id = await startConversation(fixture.gateway, user.token, EMULATOR_TOOLS_MODEL);
      assert.equal((await post(user.token, id, 'one')).status, 201);
      const { response, text } = await streamMessage(fixture.gateway, user.token, id, 'two');
      assert.equal(response.status, 429);
      const body = JSON.parse(text) as ErrorBody;
      assert.equal(body.error.code, 'daily_limit_exceeded');
      assert.equal(typeof body.error.resetAt, 'string');
    } finally {
      await fixture.gateway.request('PUT', '/api/admin/usage-limits', {
        token: adminToken,
        body: { modelId: EMULATOR_TOOLS_MODEL, maxRequestsPerDay: null, maxTokensPerDay: null },
      });
    }
  });

  test('a model switched off after creation is refused', async () => {
    const user = await fixture.userWithKey();
    const id = await startConversation(fixture.gateway, user.token, EMULATOR_PLAIN_MODEL);
    await setModelEnabled(fixture.gateway, EMULATOR_PLAIN_MODEL, false, adminToken);
    try {
      const response = await post<ErrorBody>(user.token, id, 'hello');
      assert.equal(response.status, 403);
      assert.equal(response.body.error.code, 'model_not_enabled');
    } finally {
      await setModelEnabled(fixture.gateway, EMULATOR_PLAIN_MODEL, true, adminToken);
    }
  });

  test('a user without a key gets api_key_missing', async () => {
    const user = await fixture.gateway.createUser();
    const id = await startConversation(fixture.gateway, user.token, EMULATOR_PLAIN_MODEL);
    const response = await post<ErrorBody>(user.token, id, 'hello');
    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, 'api_key_missing');
  });
});
