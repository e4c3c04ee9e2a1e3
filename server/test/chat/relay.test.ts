import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import {
  ChatFixture,
  chatBody,
  dataEvents,
  EMULATOR_PLAIN_MODEL,
  USER_KEY,
} from './chat-fixture.ts';

let fixture: ChatFixture;

before(async () => {
  fixture = await ChatFixture.start();
});
after(async () => fixture.close());

async function gatewayKeyFor(token: string): Promise<string> {
  const created = await fixture.gateway.request<{ key: string }>('POST', '/api/user/gateway-keys', {
    token,
    body: { name: 'relay tests' },
  });
  assert.equal(created.status, 201, created.text);
  return created.body.key;
}

function post(token: string, body: unknown, path = '/api/chat/completions') {
  return fetch(`${fixture.gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('openai SDK through /v1 with a gateway key', () => {
  test('non-streamed completion', async () => {
    const user = await fixture.userWithKey();
    const client = new OpenAI({
      apiKey: await gatewayKeyFor(user.token),
      baseURL: `${fixture.gateway.url}/v1`,
    });
    const completion = await client.chat.completions.create({
      model: EMULATOR_PLAIN_MODEL,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    assert.equal(completion.usage?.completion_tokens, 64);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.credential, 'gateway_key');
    assert.equal(row?.outcome, 'ok');
  });

  test('streamed completion equals the non-streamed text', async () => {
    const user = await fixture.userWithKey();
    const client = new OpenAI({
      apiKey: await gatewayKeyFor(user.token),
      baseURL: `${fixture.gateway.url}/v1`,
    });
    const messages = [{ role: 'user' as const, content: 'Say hello' }];
    const plain = await client.chat.completions.create({ model: EMULATOR_PLAIN_MODEL, messages });
    const stream = await client.chat.completions.create({
      model: EMULATOR_PLAIN_MODEL,
      messages,
      stream: true,
    });
    let text = '';
    let usageTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageTokens = chunk.usage.total_tokens;
    }
    assert.equal(text, plain.choices[0]?.message.content);
    assert.ok(usageTokens > 0);
  });
});

describe('upstream request', () => {
  test('sends the stored key, attribution headers and drops route', async () => {
    const user = await fixture.userWithKey();
    await fixture.resetEmulator();
    const response = await post(user.token, chatBody({ route: 'fallback', top_k: 3, seed: 7 }));
    assert.equal(response.status, 200);
    const [record] = await fixture.upstreamRequests();
    assert.equal(record?.headers.authorization, `Bearer ${USER_KEY}`);
    assert.equal(record?.headers['http-referer'], fixture.gateway.running.ctx.config.publicUrl);
    assert.equal(record?.headers['x-title'], 'Portcullis');
    assert.equal(record?.body?.route, undefined);
    assert.equal(record?.body?.top_k, 3);
    assert.equal(record?.body?.seed, 7);
  });

  test('replaced key is used at once', async () => {
    const user = await fixture.userWithKey();
    assert.equal((await post(user.token, chatBody())).status, 200);
    const replacement = 'sk-or-v1-replacement-key-for-relay-tests';
    const stored = await fixture.gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: replacement },
    });
    assert.equal(stored.status, 204);
    await fixture.resetEmulator();
    assert.equal((await post(user.token, chatBody())).status, 200);
    const [record] = await fixture.upstreamRequests();
    assert.equal(record?.headers.authorization, `Bearer ${replacement}`);
  });

  test('removed key is not used again', async () => {
    const user = await fixture.userWithKey();
    assert.equal((await post(user.token, chatBody())).status, 200);
    const removed = await fixture.gateway.request('DELETE', '/api/user/api-key', {
      token: user.token,
    });
    assert.equal(removed.status, 204);
    const refused = await post(user.token, chatBody());
    assert.equal(refused.status, 409);
    assert.equal(
      ((await refused.json()) as { error: { code: string } }).error.code,
      'api_key_missing',
    );
  });

  test('non-streamed body reaches the client unchanged', async () => {
    const user = await fixture.userWithKey();
    const upstreamBody =
      '{"id":"gen-1","object":"chat.completion","model":"acme/quill-3b:free","x_extra":1,"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}';
    await fixture.scenario({ match: { stream: false }, status: 200, body: upstreamBody });
    const response = await post(user.token, chatBody());
    assert.equal(await response.text(), upstreamBody);
  });
});

describe('validation', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing model', { messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ['empty messages', { model: EMULATOR_PLAIN_MODEL, messages: [] }, 'messages'],
    ['messages not an array', { model: EMULATOR_PLAIN_MODEL, messages: 'hi' }, 'messages'],
    [
      'bad role',
      chatBody({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'robot', content: 'b' },
        ],
      }),
      'messages.1.role',
    ],
    ['bad content', chatBody({ messages: [{ role: 'user', content: 5 }] }), 'messages.0.content'],
    [
      'bad part',
      chatBody({ messages: [{ role: 'user', content: [{ type: 'text' }] }] }),
      'messages.0.content.0.text',
    ],
    [
      'tool without id',
      chatBody({ messages: [{ role: 'tool', content: 'x' }] }),
      'messages.0.tool_call_id',
    ],
    ['stream not boolean', chatBody({ stream: 'yes' }), 'stream'],
    ['models entry not a string', chatBody({ models: [3] }), 'models.0'],
    ['plugins without paid models', chatBody({ plugins: [{ id: 'web' }] }), 'plugins'],
    [
      'web_search_options without paid models',
      chatBody({ web_search_options: {} }),
      'web_search_options',
    ],
    [
      'server tool without paid models',
      chatBody({ tools: [{ type: 'openrouter:web_search' }] }),
      'tools.0.type',
    ],
  ];
  for (const [name, body, param] of cases) {
    test(name, async () => {
      const user = await fixture.userWithKey();
      const response = await post(user.token, body);
      assert.equal(response.status, 400);
      const error = ((await response.json()) as { error: { code: string; param: string } }).error;
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.param, param);
    });
  }

  test('assistant message with only tool calls is valid', async () => {
    const user = await fixture.userWithKey();
    const messages = [
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"t":4}' },
    ];
    const response = await post(user.token, chatBody({ messages }));
    assert.equal(response.status, 200);
  });
});

describe('check order', () => {
  test('validation before model', async () => {
    const user = await fixture.userWithKey();
    const response = await post(user.token, { model: 'nobody/unknown', messages: [] });
    assert.equal(response.status, 400);
  });

  test('model before stored key', async () => {
    const user = await fixture.gateway.createUser();
    const response = await post(user.token, chatBody({ model: 'nobody/unknown' }));
    assert.equal(response.status, 404);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'model_not_found',
    );
  });

  test('tools before stored key', async () => {
    const user = await fixture.gateway.createUser();
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const response = await post(user.token, chatBody({ tools }));
    assert.equal(response.status, 400);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'tools_unsupported',
    );
  });

  test('stored key missing is 409 without RateLimit headers', async () => {
    const user = await fixture.gateway.createUser();
    const response = await post(user.token, chatBody());
    assert.equal(response.status, 409);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'api_key_missing',
    );
    assert.equal(response.headers.get('ratelimit-limit'), null);
  });

  test('RateLimit headers on replies from the per-minute step on', async () => {
    const user = await fixture.userWithKey();
    const ok = await post(user.token, chatBody());
    assert.equal(ok.headers.get('ratelimit-limit'), '1000');
    assert.ok(Number(ok.headers.get('ratelimit-remaining')) < 1000);
    assert.ok(ok.headers.get('ratelimit-reset') !== null);
    await fixture.scenario({ status: 502 });
    const failed = await post(user.token, chatBody());
    assert.equal(failed.status, 502);
    assert.equal(failed.headers.get('ratelimit-limit'), '1000');
  });

  test('rejections are logged with their code', async () => {
    const user = await fixture.userWithKey();
    await post(user.token, chatBody({ model: 'nobody/unknown' }));
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'rejected');
    assert.equal(row?.error_code, 'model_not_found');
    assert.equal(row?.status, 404);
    assert.equal(row?.model, 'nobody/unknown');
  });

  test('malformed JSON is logged as rejected', async () => {
    const user = await fixture.userWithKey();
    const response = await fetch(`${fixture.gateway.url}/api/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{"model":',
    });
    assert.equal(response.status, 400);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'rejected');
    assert.equal(row?.error_code, 'validation_failed');
  });
});

describe('streams', () => {
  test('every relayed stream ends with [DONE]', async () => {
    const user = await fixture.userWithKey();
    const text = await (await post(user.token, chatBody({ stream: true }))).text();
    const events = dataEvents(text);
    assert.equal(events.at(-1), '[DONE]');
    assert.equal(events.filter((event) => event === '[DONE]').length, 1);
    assert.ok(text.startsWith(': OPENROUTER PROCESSING\n\n'));
  });

  test('keepalive after 15 s of upstream silence', async () => {
    const user = await fixture.userWithKey();
    const first =
      'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n';
    await fixture.scenario({ rawChunks: [first, 'data: [DONE]\n\n'], chunkDelayMs: 15_500 });
    const text = await (await post(user.token, chatBody({ stream: true }))).text();
    assert.equal(text, `${first}: keepalive\n\ndata: [DONE]\n\n`);
  });

  test('stream log row has ttft, usage and reply', async () => {
    const user = await fixture.userWithKey();
    await (await post(user.token, chatBody({ stream: true }))).text();
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'ok');
    assert.equal(row?.status, 200);
    assert.equal(row?.completion_tokens, 64);
    assert.equal(row?.usage_estimated, 0);
    assert.ok(row?.ttft_ms !== null && row?.ttft_ms !== undefined);
    assert.ok((row?.reply ?? '').length > 0);
    assert.equal(row?.prompt, JSON.stringify([{ role: 'user', content: 'Hello there' }]));
    assert.equal(row?.model_served, EMULATOR_PLAIN_MODEL);
  });

  test('metrics count streams, first tokens and upstream errors', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ status: 500 });
    await post(user.token, chatBody());
    await (await post(user.token, chatBody({ stream: true }))).text();
    const metrics = await (await fetch(`${fixture.gateway.url}/metrics`)).text();
    assert.match(
      metrics,
      /portcullis_time_to_first_token_seconds_count\{model="acme\/quill-3b:free"\} [1-9]/,
    );
    assert.match(metrics, /portcullis_upstream_errors_total\{code="upstream_error"\} [1-9]/);
    assert.match(metrics, /portcullis_open_streams 0/);
    assert.match(metrics, /portcullis_upstream_duration_seconds_count\{stream="true"\} [1-9]/);
    assert.match(
      metrics,
      /portcullis_http_requests_total\{route="\/api\/chat\/completions",method="POST",status="200"\} [1-9]/,
    );
  });
});
