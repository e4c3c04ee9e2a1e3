import assert from 'node:assert/strict';
import { request } from 'node:http';
import { beforeEach, describe, test } from 'node:test';
import type { RunningEmulator } from '../src/index.ts';
import {
  addScenario,
  dataChunks,
  FREE_TOOLS_MODEL,
  KEY,
  NO_TOOLS_MODEL,
  parseSse,
  postChat,
  resetState,
  sampleMessages,
  streamedText,
  useEmulator,
} from './helpers.ts';

const emulator = useEmulator({ replyTokens: 4 });
const chat = { model: NO_TOOLS_MODEL, messages: sampleMessages };

beforeEach(() => resetState(emulator.current));

function postScenario(body: unknown): Promise<Response> {
  return fetch(`${emulator.current.origin}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Posts a streamed chat with node:http and returns each body piece as it arrived. */
function streamPieces(target: RunningEmulator, body: unknown): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    const outgoing = request(
      `${target.baseUrl}/chat/completions`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      },
      (response) => {
        response.on('data', (piece: Buffer) => pieces.push(piece));
        response.on('end', () => resolve(pieces));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

describe('scenario validation', () => {
  test('accepted with 201 and id', async () => {
    const response = await postScenario({ status: 502 });
    assert.equal(response.status, 201);
    const body = (await response.json()) as { id: string };
    assert.equal(typeof body.id, 'string');
  });

  const invalid: [string, unknown, RegExp][] = [
    ['not JSON', '{', /Invalid JSON/],
    ['array body', [], /body must be a JSON object/],
    ['unknown field', { sttus: 500 }, /sttus is not a known scenario field/],
    ['unknown match field', { match: { modle: 'x' } }, /match\.modle/],
    ['bad times', { times: -1 }, /times must be a non-negative integer/],
    ['bad status', { status: 99 }, /status must be an integer/],
    ['bad stream', { match: { stream: 'yes' } }, /match\.stream must be a boolean/],
    ['bad path', { match: { path: 'api' } }, /match\.path must start with/],
    ['bad header', { headers: { 'x-a': 1 } }, /headers\.x-a must be a string/],
    ['bad raw chunk', { rawChunks: ['ok', 5] }, /rawChunks\[1\] must be a JSON object/],
    ['bad base64 field', { rawChunks: [{ base64: 3 }] }, /rawChunks\[0\]\.base64 must be a string/],
    ['bad error', { errorAfterChunks: { n: 1 } }, /errorAfterChunks\.error must be a JSON object/],
    ['error without n', { errorAfterChunks: { error: { message: 'x' } } }, /errorAfterChunks\.n/],
    ['bad tool call', { toolCalls: [{ arguments: {} }] }, /toolCalls\[0\]\.name must be a string/],
    ['usage true', { usage: true }, /usage must be false or an object/],
    ['bad legacy', { legacy: 1 }, /legacy must be a boolean/],
    [
      'raw with tools',
      { rawChunks: ['x'], toolCalls: [{ name: 'f' }] },
      /toolCalls cannot be combined/,
    ],
  ];

  for (const [name, body, message] of invalid) {
    test(`rejects ${name}`, async () => {
      const response = await postScenario(body);
      assert.equal(response.status, 400);
      const json = (await response.json()) as { error: { message: string } };
      assert.match(json.error.message, message);
    });
  }
});

describe('scenario matching', () => {
  test('times defaults to one', async () => {
    await addScenario(emulator.current, { status: 503 });
    assert.equal((await postChat(emulator.current, chat)).status, 503);
    assert.equal((await postChat(emulator.current, chat)).status, 200);
  });

  test('times counts down', async () => {
    await addScenario(emulator.current, { status: 503, times: 2 });
    assert.equal((await postChat(emulator.current, chat)).status, 503);
    assert.equal((await postChat(emulator.current, chat)).status, 503);
    assert.equal((await postChat(emulator.current, chat)).status, 200);
  });

  test('times zero is forever', async () => {
    await addScenario(emulator.current, { status: 503, times: 0 });
    for (let i = 0; i < 5; i++) assert.equal((await postChat(emulator.current, chat)).status, 503);
  });

  test('first match wins', async () => {
    await addScenario(emulator.current, { status: 502 });
    await addScenario(emulator.current, { status: 503 });
    assert.equal((await postChat(emulator.current, chat)).status, 502);
    assert.equal((await postChat(emulator.current, chat)).status, 503);
  });

  test('match by model', async () => {
    await addScenario(emulator.current, { match: { model: FREE_TOOLS_MODEL }, status: 502 });
    assert.equal((await postChat(emulator.current, chat)).status, 200);
    const other = { ...chat, model: FREE_TOOLS_MODEL };
    assert.equal((await postChat(emulator.current, other)).status, 502);
  });

  test('match by key', async () => {
    await addScenario(emulator.current, { match: { key: 'sk-or-special' }, status: 402 });
    assert.equal((await postChat(emulator.current, chat)).status, 200);
    assert.equal((await postChat(emulator.current, chat, 'sk-or-special')).status, 402);
  });

  test('match by stream', async () => {
    await addScenario(emulator.current, { match: { stream: true }, status: 500 });
    assert.equal((await postChat(emulator.current, chat)).status, 200);
    assert.equal((await postChat(emulator.current, { ...chat, stream: true })).status, 500);
  });

  test('match by path', async () => {
    await addScenario(emulator.current, { match: { path: '/api/v1/models' }, status: 503 });
    assert.equal((await postChat(emulator.current, chat)).status, 200);
    assert.equal((await fetch(`${emulator.current.baseUrl}/models`)).status, 503);
  });

  test('key route scripted', async () => {
    await addScenario(emulator.current, { match: { path: '/api/v1/key' }, status: 401 });
    const response = await fetch(`${emulator.current.baseUrl}/key`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    assert.equal(response.status, 401);
  });

  test('state reset clears scenarios', async () => {
    await addScenario(emulator.current, { status: 503, times: 0 });
    const response = await fetch(`${emulator.current.origin}/__emulator/state`, {
      method: 'DELETE',
    });
    assert.equal(response.status, 204);
    assert.equal((await postChat(emulator.current, chat)).status, 200);
  });
});

describe('scenario replies', () => {
  test('body and headers', async () => {
    await addScenario(emulator.current, {
      status: 404,
      headers: { 'x-custom': 'yes' },
      body: { error: { code: 404, message: 'No endpoints found for acme/quill-3b:free.' } },
    });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-custom'), 'yes');
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'No endpoints found for acme/quill-3b:free.');
  });

  test('string body sent verbatim', async () => {
    await addScenario(emulator.current, { body: '{"broken": ' });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{"broken": ');
  });

  test('headers on a generated reply', async () => {
    await addScenario(emulator.current, { headers: { 'retry-after': '7' } });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('retry-after'), '7');
  });

  test('delay before headers', async () => {
    await addScenario(emulator.current, { delayBeforeHeadersMs: 150 });
    const started = performance.now();
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 140);
  });

  test('raw chunks split UTF-8', async () => {
    const event = Buffer.from('data: {"text":"café"}\n\n');
    const split = event.indexOf(0xc3) + 1;
    await addScenario(emulator.current, {
      chunkDelayMs: 30,
      rawChunks: [
        ': OPENROUTER PROCESSING\n\n',
        { base64: event.subarray(0, split).toString('base64') },
        { base64: event.subarray(split).toString('base64') },
        'data: [DONE]\n\n',
      ],
    });
    const pieces = await streamPieces(emulator.current, { ...chat, stream: true });
    assert.equal(pieces.length, 4);
    assert.equal(pieces[1]?.at(-1), 0xc3);
    assert.equal(pieces[2]?.[0], 0xa9);
    const text = Buffer.concat(pieces).toString('utf8');
    assert.equal(text, `: OPENROUTER PROCESSING\n\n${event.toString()}data: [DONE]\n\n`);
  });

  test('usage false omits usage', async () => {
    await addScenario(emulator.current, { usage: false, times: 2 });
    const events = parseSse(
      await (await postChat(emulator.current, { ...chat, stream: true })).text(),
    );
    const chunks = dataChunks(events);
    assert.ok(chunks.every((chunk) => !('usage' in chunk)));
    assert.deepEqual(events.at(-1), { data: '[DONE]' });
    const plain = (await (await postChat(emulator.current, chat)).json()) as Record<
      string,
      unknown
    >;
    assert.equal('usage' in plain, false);
  });

  test('usage object overrides', async () => {
    await addScenario(emulator.current, { usage: { prompt_tokens: 1000, cost: 0.5 } });
    const plain = (await (await postChat(emulator.current, chat)).json()) as {
      usage: Record<string, number>;
    };
    assert.equal(plain.usage.prompt_tokens, 1000);
    assert.equal(plain.usage.cost, 0.5);
    assert.equal(plain.usage.completion_tokens, 4);
  });

  test('forced tool calls', async () => {
    await addScenario(emulator.current, {
      toolCalls: [
        { name: 'lookup', arguments: { q: 'x' } },
        { name: 'other', arguments: '{}' },
      ],
    });
    const body = (await (await postChat(emulator.current, chat)).json()) as {
      choices: {
        finish_reason: string;
        message: { tool_calls: { index: number; function: { name: string; arguments: string } }[] };
      }[];
    };
    const choice = body.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.deepEqual(
      choice?.message.tool_calls.map((call) => [
        call.index,
        call.function.name,
        call.function.arguments,
      ]),
      [
        [0, 'lookup', '{"q":"x"}'],
        [1, 'other', '{}'],
      ],
    );
  });

  test('forced tool calls streamed', async () => {
    await addScenario(emulator.current, {
      toolCalls: [{ name: 'a' }, { name: 'b', arguments: { n: 1 } }],
    });
    const chunks = dataChunks(
      parseSse(await (await postChat(emulator.current, { ...chat, stream: true })).text()),
    );
    const fragments = chunks.flatMap(
      (chunk) =>
        (chunk.choices as { delta: { tool_calls?: { index: number; id?: string }[] } }[])[0]?.delta
          .tool_calls ?? [],
    );
    assert.deepEqual(
      fragments.filter((fragment) => fragment.id).map((fragment) => fragment.index),
      [0, 1],
    );
  });
});

describe('scripted stream failures', () => {
  type Chunk = Record<string, unknown> & { choices: { finish_reason: string | null }[] };

  async function streamEvents() {
    const response = await postChat(emulator.current, { ...chat, stream: true });
    assert.equal(response.status, 200);
    return parseSse(await response.text());
  }

  test('error after chunks', async () => {
    const error = {
      code: 502,
      message: 'Provider disconnected',
      metadata: { error_type: 'provider_unavailable' },
    };
    await addScenario(emulator.current, { errorAfterChunks: { n: 2, error } });
    const events = await streamEvents();
    const chunks = dataChunks(events) as Chunk[];
    assert.equal(chunks.length, 3);
    const last = chunks[2] as Chunk;
    assert.deepEqual(last.error, error);
    assert.equal(last.object, 'chat.completion.chunk');
    assert.equal(last.id, chunks[0]?.id);
    assert.equal(last.choices[0]?.finish_reason, 'error');
    assert.ok(!events.some((event) => 'data' in event && event.data === '[DONE]'));
  });

  test('legacy error after chunks', async () => {
    const error = { code: 429, message: 'Rate limit exceeded' };
    await addScenario(emulator.current, { errorAfterChunks: { n: 1, error }, legacy: true });
    const chunks = dataChunks(await streamEvents());
    assert.equal(chunks.length, 2);
    assert.deepEqual(chunks[1], { error });
  });

  test('error in plain reply', async () => {
    const error = { code: 502, message: 'Provider disconnected' };
    await addScenario(emulator.current, { errorAfterChunks: { n: 2, error } });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      choices: { finish_reason: string; error: unknown; message: { content: string } }[];
    };
    assert.equal(body.choices[0]?.finish_reason, 'error');
    assert.deepEqual(body.choices[0]?.error, error);
    assert.ok(body.choices[0]?.message.content.length);
  });

  test('legacy error in plain reply', async () => {
    const error = { code: 502, message: 'Provider disconnected' };
    await addScenario(emulator.current, { errorAfterChunks: { n: 0, error }, legacy: true });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { error });
  });

  test('legacy usage chunk', async () => {
    await addScenario(emulator.current, { legacy: true });
    const chunks = dataChunks(await streamEvents()) as Chunk[];
    const usageChunk = chunks.at(-1) as Chunk;
    assert.equal(usageChunk.choices.length, 1);
    assert.equal(usageChunk.choices[0]?.finish_reason, null);
    assert.deepEqual(Object.keys(usageChunk.usage as object).sort(), [
      'completion_tokens',
      'prompt_tokens',
      'total_tokens',
    ]);
  });

  test('cut after chunks', async () => {
    await addScenario(emulator.current, { cutAfterChunks: 2 });
    const pieces: string[] = [];
    const response = await postChat(emulator.current, { ...chat, stream: true });
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    await assert.rejects(async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        pieces.push(decoder.decode(value, { stream: true }));
      }
    });
    assert.equal(dataChunks(parseSse(pieces.join(''))).length, 2);
  });

  test('cut plain reply', async () => {
    await addScenario(emulator.current, { cutAfterChunks: 0 });
    const response = await postChat(emulator.current, chat);
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });

  test('hang after chunks', async () => {
    await addScenario(emulator.current, { hangAfterChunks: 1 });
    const response = await postChat(emulator.current, { ...chat, stream: true });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('data: ')) text += decoder.decode((await reader.read()).value);
    const next = await Promise.race([
      reader.read().then(() => 'data'),
      new Promise((resolve) => setTimeout(() => resolve('silence'), 300)),
    ]);
    assert.equal(next, 'silence');
    await reader.cancel();
    assert.equal(dataChunks(parseSse(text)).length, 1);
  });

  test('scenario chunk delay', async () => {
    await addScenario(emulator.current, { chunkDelayMs: 40 });
    const started = performance.now();
    const events = await streamEvents();
    assert.equal(streamedText(dataChunks(events)).length > 0, true);
    // 4 tokens, finish, usage and [DONE]: six gaps.
    assert.ok(performance.now() - started >= 6 * 40 * 0.9);
  });
});
