import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dataChunks,
  FREE_TOOLS_MODEL,
  parseSse,
  postChat,
  streamedText,
  useEmulator,
} from './helpers.ts';

const emulator = useEmulator();

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1 },
        detailed: { type: 'boolean' },
        place: {
          type: 'object',
          properties: {
            lat: { type: 'number' },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      required: ['city', 'unit'],
    },
  },
};

const clock = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

interface ToolCall {
  index?: number;
  id?: string;
  type?: string;
  function: { name?: string; arguments: string };
}

interface Message {
  content: string | null;
  tool_calls?: ToolCall[];
}

async function complete(body: Record<string, unknown>) {
  const response = await postChat(emulator.current, { model: FREE_TOOLS_MODEL, ...body });
  assert.equal(response.status, 200);
  const json = (await response.json()) as {
    choices: { finish_reason: string; native_finish_reason: string; message: Message }[];
  };
  return json.choices[0] as (typeof json.choices)[0];
}

const ask = (content: string) => [{ role: 'user', content }];

describe('tool calls', () => {
  test('answer with tool_calls', async () => {
    const choice = await complete({ messages: ask('Weather in Oslo?'), tools: [weather] });
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.native_finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const [call] = choice.message.tool_calls ?? [];
    assert.ok(call);
    assert.equal(call.type, 'function');
    assert.match(call.id ?? '', /^call_/);
    assert.equal(call.function.name, 'get_weather');
  });

  test('arguments follow the schema', async () => {
    const choice = await complete({ messages: ask('Weather?'), tools: [weather] });
    const args = JSON.parse(choice.message.tool_calls?.[0]?.function.arguments ?? '');
    assert.equal(typeof args.city, 'string');
    assert.equal(args.unit, 'celsius');
    assert.ok(Number.isInteger(args.days));
    assert.ok(args.days >= 1);
    assert.equal(typeof args.detailed, 'boolean');
    assert.equal(typeof args.place.lat, 'number');
    assert.ok(Array.isArray(args.place.tags));
  });

  test('tool named in message wins', async () => {
    const choice = await complete({
      messages: ask('Please call get_time now'),
      tools: [weather, clock],
    });
    assert.equal(choice.message.tool_calls?.[0]?.function.name, 'get_time');
  });

  test('first tool by default', async () => {
    const choice = await complete({ messages: ask('Anything'), tools: [clock, weather] });
    assert.equal(choice.message.tool_calls?.[0]?.function.name, 'get_time');
    assert.equal(choice.message.tool_calls?.[0]?.function.arguments, '{}');
  });

  test('tool_choice names the tool', async () => {
    const choice = await complete({
      messages: ask('Anything'),
      tools: [clock, weather],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    assert.equal(choice.message.tool_calls?.[0]?.function.name, 'get_weather');
  });

  test('tool_choice none answers text', async () => {
    const choice = await complete({
      messages: ask('Anything'),
      tools: [weather],
      tool_choice: 'none',
    });
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.tool_calls, undefined);
  });

  test('tool result quoted in text', async () => {
    const first = await complete({ messages: ask('Weather in Oslo?'), tools: [weather] });
    const call = first.message.tool_calls?.[0] as ToolCall;
    const result = '{"temp_c": 4, "sky": "overcast"}';
    const choice = await complete({
      tools: [weather],
      messages: [
        ...ask('Weather in Oslo?'),
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: result },
      ],
    });
    assert.equal(choice.finish_reason, 'stop');
    assert.ok(choice.message.content?.includes(result), choice.message.content ?? '');
  });
});

describe('streamed tool calls', () => {
  async function streamCall(tools: unknown[]) {
    const response = await postChat(emulator.current, {
      model: FREE_TOOLS_MODEL,
      messages: ask('Weather?'),
      tools,
      stream: true,
    });
    assert.equal(response.status, 200);
    return dataChunks(parseSse(await response.text())) as {
      choices: { delta: { tool_calls?: ToolCall[] }; finish_reason: string | null }[];
    }[];
  }

  test('arguments split across deltas', async () => {
    const chunks = await streamCall([weather]);
    const fragments = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    assert.ok(fragments.length >= 3, `only ${fragments.length} fragments`);
    const [first, ...rest] = fragments as [ToolCall, ...ToolCall[]];
    assert.equal(first.index, 0);
    assert.match(first.id ?? '', /^call_/);
    assert.equal(first.type, 'function');
    assert.equal(first.function.name, 'get_weather');
    assert.equal(first.function.arguments, '');
    for (const fragment of rest) {
      assert.equal(fragment.index, 0);
      assert.equal(fragment.id, undefined);
      assert.equal(fragment.function.name, undefined);
    }
    const nonEmpty = rest.filter((fragment) => fragment.function.arguments.length > 0);
    assert.ok(nonEmpty.length >= 2);
  });

  test('fragments join to plain arguments', async () => {
    const chunks = await streamCall([weather]);
    const joined = chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .map((fragment) => fragment.function.arguments)
      .join('');
    const plain = await complete({ messages: ask('Weather?'), tools: [weather] });
    assert.equal(joined, plain.message.tool_calls?.[0]?.function.arguments);
    assert.doesNotThrow(() => JSON.parse(joined));
  });

  test('finish reason tool_calls', async () => {
    const chunks = await streamCall([weather]);
    const reasons = chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean);
    assert.deepEqual(reasons, ['tool_calls']);
    assert.equal(streamedText(chunks as Record<string, unknown>[]), '');
  });
});
