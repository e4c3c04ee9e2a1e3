import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { TestGateway } from '../support/gateway.ts';
import {
  ChatFixture,
  chatBody,
  EMULATOR_PLAIN_MODEL,
  EMULATOR_TOOLS_MODEL,
} from './chat-fixture.ts';

interface ErrorBody {
  error: { message: string; type: string; code: string };
}

let fixture: ChatFixture;

before(async () => {
  fixture = await ChatFixture.start({ env: { UPSTREAM_IDLE_TIMEOUT_MS: '800' } });
});
after(async () => fixture.close());

async function post(token: string, body: unknown) {
  const response = await fetch(`${fixture.gateway.url}/api/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as ErrorBody };
}

async function requestsToday(token: string, modelId: string): Promise<number> {
  const usage = await fixture.gateway.request<{
    models: Array<{ modelId: string; requests: number }>;
  }>('GET', '/api/user/usage', { token });
  return usage.body.models.find((row) => row.modelId === modelId)?.requests ?? 0;
}

describe('upstream error statuses', () => {
  const cases: Array<[number, number, string]> = [
    [401, 409, 'api_key_rejected'],
    [402, 402, 'insufficient_credits'],
    [429, 429, 'rate_limited'],
    [400, 400, 'upstream_rejected'],
    [403, 403, 'upstream_rejected'],
    [413, 413, 'upstream_rejected'],
    [422, 422, 'upstream_rejected'],
    [500, 502, 'upstream_error'],
    [502, 502, 'upstream_error'],
    [503, 502, 'upstream_error'],
    [408, 504, 'upstream_timeout'],
    [504, 504, 'upstream_timeout'],
    [524, 504, 'upstream_timeout'],
  ];
  for (const [upstream, status, code] of cases) {
    test(`upstream ${upstream} becomes ${status} ${code}`, async () => {
      const user = await fixture.userWithKey();
      await fixture.scenario({ status: upstream });
      const { response, body } = await post(user.token, chatBody());
      assert.equal(response.status, status);
      assert.equal(body.error.code, code);
      const [row] = await fixture.logsOf(user.row.id);
      assert.equal(row?.error_code, code);
      assert.equal(
        row?.outcome,
        code === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error',
      );
    });
  }

  test('429 carries Retry-After', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ status: 429, headers: { 'retry-after': '7' } });
    const { response } = await post(user.token, chatBody());
    assert.equal(response.headers.get('retry-after'), '7');
  });

  test('429 without Retry-After uses the reset time', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ status: 429 });
    const { response } = await post(user.token, chatBody());
    const seconds = Number(response.headers.get('retry-after'));
    assert.ok(seconds >= 0 && seconds <= 60, String(seconds));
  });

  test('upstream message is kept without secrets', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      status: 400,
      body: {
        error: { code: 400, message: 'Bad key sk-or-v1-abcdef0123 in Bearer sk-secret-value here' },
      },
    });
    const { body, text } = await post(user.token, chatBody());
    assert.match(body.error.message, /Bad key/);
    assert.doesNotMatch(text, /sk-or-v1-abcdef0123/);
    assert.doesNotMatch(text, /sk-secret-value/);
  });

  test('error status gives the daily unit back', async () => {
    const user = await fixture.userWithKey();
    await post(user.token, chatBody());
    assert.equal(await requestsToday(user.token, EMULATOR_PLAIN_MODEL), 1);
    await fixture.scenario({ status: 500 });
    await post(user.token, chatBody());
    assert.equal(await requestsToday(user.token, EMULATOR_PLAIN_MODEL), 1);
  });

  test('tokens are added after a call', async () => {
    const user = await fixture.userWithKey();
    await post(user.token, chatBody());
    const usage = await fixture.gateway.request<{
      models: Array<{ modelId: string; totalTokens: number }>;
    }>('GET', '/api/user/usage', { token: user.token });
    const row = usage.body.models.find((model) => model.modelId === EMULATOR_PLAIN_MODEL);
    assert.ok((row?.totalTokens ?? 0) > 64);
  });
});

describe('withdrawal 404', () => {
  test('"No endpoints found" for the model withdraws it', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ match: { model: EMULATOR_TOOLS_MODEL }, status: 404 });
    const first = await post(user.token, chatBody({ model: EMULATOR_TOOLS_MODEL }));
    assert.equal(first.response.status, 404);
    assert.equal(first.body.error.code, 'model_withdrawn');
    const second = await post(user.token, chatBody({ model: EMULATOR_TOOLS_MODEL }));
    assert.equal(second.body.error.code, 'model_withdrawn');
    assert.equal(
      (await fixture.upstreamRequests()).filter(
        (r) => r.body?.model === EMULATOR_TOOLS_MODEL && r.status === 404,
      ).length >= 1,
      true,
    );
    // Re-enable for the other tests: a sync makes the row available again.
    const admin = await fixture.gateway.adminToken();
    await fixture.gateway.request('POST', '/api/admin/sync-models', { token: admin });
  });

  test('availability code withdraws the model', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      status: 404,
      body: {
        error: { code: 404, message: 'Gone.', availability: { code: 'free_variant_ended' } },
      },
    });
    const { response, body } = await post(user.token, chatBody());
    assert.equal(response.status, 404);
    assert.equal(body.error.code, 'model_withdrawn');
    const admin = await fixture.gateway.adminToken();
    await fixture.gateway.request('POST', '/api/admin/sync-models', { token: admin });
  });

  test('other 404 is upstream_rejected and withdraws nothing', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      status: 404,
      body: { error: { code: 404, message: 'No endpoints found that support tool use.' } },
    });
    const { response, body } = await post(user.token, chatBody());
    assert.equal(response.status, 404);
    assert.equal(body.error.code, 'upstream_rejected');
    const again = await post(user.token, chatBody());
    assert.equal(again.response.status, 200);
  });

  test('no-endpoints 404 with tools withdraws nothing', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ match: { model: EMULATOR_TOOLS_MODEL }, status: 404 });
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const { body } = await post(user.token, chatBody({ model: EMULATOR_TOOLS_MODEL, tools }));
    assert.equal(body.error.code, 'upstream_rejected');
    const again = await post(user.token, chatBody({ model: EMULATOR_TOOLS_MODEL }));
    assert.equal(again.response.status, 200);
  });
});

describe('malformed and slow replies', () => {
  test('non-JSON body is 502', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ match: { stream: false }, status: 200, body: 'not json {' });
    const { response, body } = await post(user.token, chatBody());
    assert.equal(response.status, 502);
    assert.equal(body.error.code, 'upstream_error');
  });

  test('200 with an error body becomes that error', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      match: { stream: false },
      status: 200,
      body: { error: { code: 502, message: 'Provider disconnected' } },
    });
    const { response, body } = await post(user.token, chatBody());
    assert.equal(response.status, 502);
    assert.match(body.error.message, /Provider disconnected/);
  });

  test('headers later than the idle timeout give 504', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ delayBeforeHeadersMs: 2000 });
    const { response, body } = await post(user.token, chatBody());
    assert.equal(response.status, 504);
    assert.equal(body.error.code, 'upstream_timeout');
    assert.equal(body.error.type, 'api_error');
  });
});

describe('unreachable upstream', () => {
  let gateway: TestGateway;
  before(async () => {
    const port = await closedPort();
    gateway = await TestGateway.start({
      upstream: `http://127.0.0.1:${port}/api/v1`,
      env: { KEY_POLICY: 'shared', OPENROUTER_API_KEY: 'sk-or-v1-operator-for-tests' },
    });
  });
  after(async () => gateway.close());

  test('refused connection is 502 upstream_error', async () => {
    // The catalogue cannot be synced from a closed port, so the model row is inserted directly.
    await gateway.running.ctx.db
      .insertInto('models')
      .values({
        model_id: EMULATOR_PLAIN_MODEL,
        name: 'Quill',
        description: '',
        context_length: 8192,
        supports_tools: 0,
        free: 1,
        pricing_prompt: '0',
        pricing_completion: '0',
        expires_at: null,
        enabled: 1,
        available: 1,
        unavailable_reason: null,
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .execute();
    const user = await gateway.createUser();
    const response = await gateway.request<ErrorBody>('POST', '/api/chat/completions', {
      token: user.token,
      body: chatBody(),
    });
    assert.equal(response.status, 502);
    assert.equal(response.body.error.code, 'upstream_error');
    assert.doesNotMatch(response.text, /at .*\.ts:\d+/);
  });
});

describe('operator key', () => {
  let shared: ChatFixture;
  before(async () => {
    shared = await ChatFixture.start({
      env: { KEY_POLICY: 'shared', OPENROUTER_API_KEY: 'sk-or-v1-operator-for-tests' },
    });
  });
  after(async () => shared.close());

  test('users without a key use the operator key', async () => {
    const user = await shared.gateway.createUser();
    await shared.resetEmulator();
    const response = await shared.gateway.request('POST', '/api/chat/completions', {
      token: user.token,
      body: chatBody(),
    });
    assert.equal(response.status, 200);
    const [record] = await shared.upstreamRequests();
    assert.equal(record?.headers.authorization, 'Bearer sk-or-v1-operator-for-tests');
  });

  test('refused operator key is 502, not 409', async () => {
    const user = await shared.gateway.createUser();
    await shared.scenario({ status: 401 });
    const response = await shared.gateway.request<ErrorBody>('POST', '/api/chat/completions', {
      token: user.token,
      body: chatBody(),
    });
    assert.equal(response.status, 502);
    assert.equal(response.body.error.code, 'upstream_error');
    assert.doesNotMatch(response.text, /sk-or-v1-operator/);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
