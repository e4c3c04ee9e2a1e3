import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startEmulator } from '../src/index.ts';
import {
  addScenario,
  FREE_TOOLS_MODEL,
  KEY,
  NO_TOOLS_MODEL,
  postChat,
  resetState,
  sampleMessages,
  useEmulator,
} from './helpers.ts';

const emulator = useEmulator();

interface Envelope {
  error: { code: number; message: string; metadata?: Record<string, unknown> };
  user_id?: string;
}

async function expectError(response: Response, status: number): Promise<Envelope> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  const body = (await response.json()) as Envelope;
  assert.equal(body.error.code, status);
  assert.equal(typeof body.error.message, 'string');
  return body;
}

const chat = { model: NO_TOOLS_MODEL, messages: sampleMessages };

describe('auth errors', () => {
  test('no key is 401', async () => {
    const body = await expectError(await postChat(emulator.current, chat, null), 401);
    assert.equal(body.error.message, 'No auth credentials found');
  });

  test('garbled header is 401', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Token abc' },
      body: JSON.stringify(chat),
    });
    const body = await expectError(response, 401);
    assert.equal(body.error.message, 'No auth credentials found');
  });

  test('unknown key is 401', async () => {
    const body = await expectError(await postChat(emulator.current, chat, 'not-a-key'), 401);
    assert.equal(body.error.message, 'User not found.');
  });

  test('keys option limits keys', async () => {
    const strict = await startEmulator({ keys: ['alpha', 'beta'] });
    try {
      await expectError(await postChat(strict, chat, KEY), 401);
      const response = await postChat(strict, chat, 'beta');
      assert.equal(response.status, 200);
    } finally {
      await strict.close();
    }
  });
});

describe('request errors', () => {
  test('unknown model is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, model: 'acme/nope' });
    const body = await expectError(response, 400);
    assert.equal(body.error.message, 'acme/nope is not a valid model ID');
    assert.match(body.user_id ?? '', /^user_/);
  });

  test('free suffix without variant is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, model: 'example/verse-13b:free' });
    const body = await expectError(response, 400);
    assert.equal(body.error.message, 'example/verse-13b:free is not a valid model ID');
  });

  test('unknown fallback model is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, models: ['acme/gone'] });
    const body = await expectError(response, 400);
    assert.equal(body.error.message, 'acme/gone is not a valid model ID');
  });

  test('malformed JSON is 400', async () => {
    const body = await expectError(await postChat(emulator.current, '{"model": '), 400);
    assert.match(body.error.message, /Invalid JSON body/);
  });

  test('missing messages is 400', async () => {
    const body = await expectError(
      await postChat(emulator.current, { model: NO_TOOLS_MODEL }),
      400,
    );
    assert.match(body.error.message, /"messages"/);
  });

  test('empty messages is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, messages: [] });
    await expectError(response, 400);
  });

  test('message without role is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, messages: [{ content: 'x' }] });
    const body = await expectError(response, 400);
    assert.match(body.error.message, /messages\[0\]/);
  });

  test('bad max_tokens is 400', async () => {
    const response = await postChat(emulator.current, { ...chat, max_tokens: -3 });
    const body = await expectError(response, 400);
    assert.match(body.error.message, /max_tokens/);
  });

  test('more than 3 models is 400', async () => {
    const models = ['acme/atlas-8b', 'example/verse-13b', NO_TOOLS_MODEL, 'example/orbit-70b'];
    const response = await postChat(emulator.current, { ...chat, models });
    const body = await expectError(response, 400);
    assert.equal(body.error.message, "'models' array must have 3 items or fewer.");
  });

  test('tools on toolless model is 404', async () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const response = await postChat(emulator.current, { ...chat, tools });
    const body = await expectError(response, 404);
    assert.match(body.error.message, /^No endpoints found that support tool use\. /);
  });

  test('unknown route is 404', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/nothing-here`);
    await expectError(response, 404);
  });

  test('wrong method is 405', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/chat/completions`);
    await expectError(response, 405);
  });
});

describe('scripted error statuses', () => {
  const cases: [number, RegExp][] = [
    [402, /^Insufficient credits/],
    [403, /^Key limit exceeded/],
    [404, new RegExp(`^No endpoints found for ${FREE_TOOLS_MODEL.replace('.', '\\.')}\\.$`)],
    [408, /timed out/],
    [500, /Internal Server Error/],
    [502, /^Provider returned error$/],
    [503, /unavailable/],
    [504, /timeout/i],
  ];

  for (const [status, message] of cases) {
    test(`status ${status}`, async () => {
      await resetState(emulator.current);
      await addScenario(emulator.current, { status });
      const response = await postChat(emulator.current, { ...chat, model: FREE_TOOLS_MODEL });
      const body = await expectError(response, status);
      assert.match(body.error.message, message);
      assert.match(body.user_id ?? '', /^user_/);
    });
  }

  test('scripted 429 carries headers', async () => {
    await resetState(emulator.current);
    await addScenario(emulator.current, { status: 429 });
    const response = await postChat(emulator.current, chat);
    const body = await expectError(response, 429);
    assert.equal(body.error.message, 'Rate limit exceeded: free-models-per-min. ');
    const reset = response.headers.get('x-ratelimit-reset');
    assert.equal(response.headers.get('x-ratelimit-limit'), '20');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(reset) > Date.now() - 1000, `reset ${reset} is not epoch ms`);
    assert.deepEqual(body.error.metadata?.headers, {
      'X-RateLimit-Limit': '20',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': reset,
    });
  });

  test('502 carries provider metadata', async () => {
    await resetState(emulator.current);
    await addScenario(emulator.current, { status: 502 });
    const body = await expectError(await postChat(emulator.current, chat), 502);
    assert.equal(typeof body.error.metadata?.raw, 'string');
    assert.equal(typeof body.error.metadata?.provider_name, 'string');
  });
});

describe('rpm option', () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 30);
  const limited = useEmulator({ rpm: 2, now: () => now });

  test('free model limited per key', async () => {
    const free = { model: NO_TOOLS_MODEL, messages: sampleMessages };
    assert.equal((await postChat(limited.current, free)).status, 200);
    assert.equal((await postChat(limited.current, free)).status, 200);
    const response = await postChat(limited.current, free);
    const body = await expectError(response, 429);
    assert.equal(body.error.message, 'Rate limit exceeded: free-models-per-min. ');
    assert.equal(response.headers.get('x-ratelimit-limit'), '2');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(response.headers.get('x-ratelimit-reset'), String(now + 60_000));
    const headers = body.error.metadata?.headers as Record<string, string>;
    assert.equal(headers['X-RateLimit-Reset'], String(now + 60_000));
    assert.equal(headers['X-RateLimit-Limit'], '2');
  });

  test('other key has its own window', async () => {
    const free = { model: NO_TOOLS_MODEL, messages: sampleMessages };
    assert.equal((await postChat(limited.current, free, 'sk-or-other')).status, 200);
  });

  test('paid model not limited', async () => {
    const paid = { model: 'example/verse-13b', messages: sampleMessages };
    assert.equal((await postChat(limited.current, paid)).status, 200);
  });

  test('success has no rate headers', async () => {
    const response = await postChat(limited.current, chat, 'sk-or-third');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-ratelimit-limit'), null);
  });

  test('window resets after a minute', async () => {
    now += 60_000;
    const free = { model: NO_TOOLS_MODEL, messages: sampleMessages };
    assert.equal((await postChat(limited.current, free)).status, 200);
  });
});
