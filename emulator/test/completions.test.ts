import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KEY, NO_TOOLS_MODEL, postChat, sampleMessages, useEmulator } from './helpers.ts';

const emulator = useEmulator();

interface Completion {
  id: string;
  provider: string;
  model: string;
  object: string;
  created: number;
  choices: {
    index: number;
    finish_reason: string;
    native_finish_reason: string;
    message: { role: string; content: string | null };
  }[];
  usage: Record<string, unknown> & {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
  };
}

async function complete(body: Record<string, unknown>): Promise<Completion> {
  const response = await postChat(emulator.current, body);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Completion;
}

describe('chat completion', () => {
  test('body shape', async () => {
    const response = await postChat(emulator.current, {
      model: NO_TOOLS_MODEL,
      messages: sampleMessages,
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Completion;
    assert.match(body.id, /^gen-\d+-[A-Za-z0-9]{20}$/);
    assert.equal(response.headers.get('x-generation-id'), body.id);
    assert.equal(body.id.split('-')[1], String(body.created));
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, NO_TOOLS_MODEL);
    assert.equal(typeof body.provider, 'string');
    assert.equal(body.choices.length, 1);
    assert.equal(body.choices[0]?.index, 0);
    assert.equal(body.choices[0]?.message.role, 'assistant');
    assert.equal(body.choices[0]?.finish_reason, 'stop');
    assert.equal(body.choices[0]?.native_finish_reason, 'stop');
  });

  test('usage block', async () => {
    const { usage } = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    assert.equal(usage.completion_tokens, 64);
    assert.ok(usage.prompt_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.equal(typeof usage.cost, 'number');
    assert.equal(usage.cost, 0);
    assert.equal(usage.is_byok, false);
    assert.ok(usage.prompt_tokens_details);
    assert.ok(usage.completion_tokens_details);
    assert.ok(usage.cost_details);
  });

  test('paid model has a cost', async () => {
    const { usage } = await complete({ model: 'example/verse-13b', messages: sampleMessages });
    const expected = usage.prompt_tokens * 0.0000002 + usage.completion_tokens * 0.0000004;
    assert.ok(Math.abs((usage.cost as number) - expected) < 1e-12);
  });

  test('reply is deterministic', async () => {
    const first = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    const second = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    assert.equal(first.choices[0]?.message.content, second.choices[0]?.message.content);
    assert.notEqual(first.id, second.id);
    const other = await complete({
      model: NO_TOOLS_MODEL,
      messages: [{ role: 'user', content: 'Else' }],
    });
    assert.notEqual(other.choices[0]?.message.content, first.choices[0]?.message.content);
  });

  test('reply has multi-byte UTF-8', async () => {
    const body = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    const text = body.choices[0]?.message.content ?? '';
    const bytes = Buffer.byteLength(text);
    assert.ok(bytes > text.length, 'expected characters of more than one byte');
    assert.ok([...text].some((char) => Buffer.byteLength(char) >= 3));
  });

  test('prompt tokens grow with prompt', async () => {
    const short = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    const long = await complete({
      model: NO_TOOLS_MODEL,
      messages: [{ role: 'user', content: 'word '.repeat(400) }],
    });
    assert.ok(long.usage.prompt_tokens > short.usage.prompt_tokens + 400);
  });

  for (const field of ['max_tokens', 'max_completion_tokens']) {
    test(`${field} stops with length`, async () => {
      const body = await complete({ model: NO_TOOLS_MODEL, messages: sampleMessages, [field]: 5 });
      assert.equal(body.choices[0]?.finish_reason, 'length');
      assert.equal(body.choices[0]?.native_finish_reason, 'length');
      assert.equal(body.usage.completion_tokens, 5);
    });
  }

  test('max_tokens above reply length', async () => {
    const body = await complete({
      model: NO_TOOLS_MODEL,
      messages: sampleMessages,
      max_tokens: 500,
    });
    assert.equal(body.choices[0]?.finish_reason, 'stop');
    assert.equal(body.usage.completion_tokens, 64);
  });

  test('alias runs its target', async () => {
    const body = await complete({ model: '~acme/atlas-latest', messages: sampleMessages });
    assert.equal(body.model, 'acme/atlas-8b');
  });

  test('models fallback without model', async () => {
    const body = await complete({
      models: ['example/verse-13b', NO_TOOLS_MODEL],
      messages: sampleMessages,
    });
    assert.equal(body.model, 'example/verse-13b');
  });

  test('expired model still served', async () => {
    const body = await complete({ model: 'example/glimmer-2:free', messages: sampleMessages });
    assert.equal(body.model, 'example/glimmer-2:free');
  });

  test('unknown fields ignored', async () => {
    const body = await complete({
      model: NO_TOOLS_MODEL,
      messages: sampleMessages,
      temperature: 0.2,
      transforms: ['middle-out'],
      usage: { include: true },
      provider: { sort: 'price' },
    });
    assert.equal(body.choices[0]?.finish_reason, 'stop');
  });

  test('attribution headers accepted', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'http-referer': 'http://127.0.0.1:8080',
        'x-title': 'Portcullis',
      },
      body: JSON.stringify({ model: NO_TOOLS_MODEL, messages: sampleMessages }),
    });
    assert.equal(response.status, 200);
  });
});

describe('reply length option', () => {
  const short = useEmulator({ replyTokens: 7 });

  test('replyTokens sets length', async () => {
    const response = await postChat(short.current, {
      model: NO_TOOLS_MODEL,
      messages: sampleMessages,
    });
    const body = (await response.json()) as Completion;
    assert.equal(body.usage.completion_tokens, 7);
  });
});

describe('repeated request', () => {
  // The clock crosses from nine to ten digits of seconds between the two requests.
  let now = 999_999_999_000;
  const clocked = useEmulator({ now: () => now });

  test('fresh id and created', async () => {
    const body = { model: NO_TOOLS_MODEL, messages: sampleMessages };
    const first = (await (await postChat(clocked.current, body)).json()) as Completion;
    now = 1_000_000_001_000;
    const response = await postChat(clocked.current, body);
    const second = (await response.json()) as Completion;
    assert.equal(first.created, 999_999_999);
    assert.equal(second.created, 1_000_000_001);
    assert.match(second.id, /^gen-1000000001-[A-Za-z0-9]{20}$/);
    assert.equal(response.headers.get('x-generation-id'), second.id);
    assert.notEqual(second.id, first.id);
    assert.deepEqual(second.choices, first.choices);
    assert.deepEqual(second.usage, first.usage);
  });
});
