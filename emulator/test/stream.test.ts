import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dataChunks,
  NO_TOOLS_MODEL,
  parseSse,
  postChat,
  sampleMessages,
  streamedText,
  useEmulator,
} from './helpers.ts';

const emulator = useEmulator();

type Chunk = Record<string, unknown> & {
  choices: { delta: { content?: string | null }; finish_reason: string | null }[];
};

async function stream(body: Record<string, unknown>, target = emulator) {
  const response = await postChat(target.current, { ...body, stream: true });
  assert.equal(response.status, 200);
  const events = parseSse(await response.text());
  return { response, events, chunks: dataChunks(events) as Chunk[] };
}

describe('chat stream', () => {
  test('starts with processing comment', async () => {
    const { response, events } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.deepEqual(events[0], { comment: ': OPENROUTER PROCESSING' });
  });

  test('ends with usage then DONE', async () => {
    const { events, chunks } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    assert.deepEqual(events.at(-1), { data: '[DONE]' });
    const usageChunk = chunks.at(-1) as Chunk;
    assert.deepEqual(usageChunk.choices, []);
    const usage = usageChunk.usage as Record<string, number>;
    assert.equal(usage.completion_tokens, 64);
    assert.equal(usage.total_tokens, (usage.prompt_tokens as number) + 64);
    assert.equal(typeof usage.cost, 'number');
    const finish = chunks.at(-2) as Chunk;
    assert.equal(finish.choices[0]?.finish_reason, 'stop');
    assert.equal(finish.choices[0]?.delta.content, '');
  });

  test('chunks share id and head', async () => {
    const { response, chunks } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    const first = chunks[0] as Chunk;
    assert.match(first.id as string, /^gen-\d+-[A-Za-z0-9]{20}$/);
    assert.equal(response.headers.get('x-generation-id'), first.id);
    for (const chunk of chunks) {
      assert.equal(chunk.id, first.id);
      assert.equal(chunk.created, first.created);
      assert.equal(chunk.model, NO_TOOLS_MODEL);
      assert.equal(chunk.provider, first.provider);
      assert.equal(chunk.object, 'chat.completion.chunk');
    }
  });

  test('one delta per token', async () => {
    const { chunks } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages });
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    assert.equal(contentChunks.length, 64);
    for (const chunk of contentChunks) assert.equal(chunk.choices[0]?.finish_reason, null);
  });

  test('streamed text equals plain text', async () => {
    const body = { model: NO_TOOLS_MODEL, messages: sampleMessages };
    const { chunks } = await stream(body);
    const plain = (await (await postChat(emulator.current, body)).json()) as {
      choices: { message: { content: string } }[];
    };
    assert.equal(streamedText(chunks), plain.choices[0]?.message.content);
  });

  test('max_tokens stops with length', async () => {
    const { chunks } = await stream({
      model: NO_TOOLS_MODEL,
      messages: sampleMessages,
      max_tokens: 3,
    });
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    assert.equal(contentChunks.length, 3);
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'length');
  });
});

describe('stream timing options', () => {
  const slow = useEmulator({ firstTokenMs: 2100, replyTokens: 2 });
  const paced = useEmulator({ chunkDelayMs: 25, replyTokens: 4 });

  test('comment repeats each second', async () => {
    const { events } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages }, slow);
    const firstData = events.findIndex((event) => 'data' in event);
    assert.equal(firstData, 3);
    for (const event of events.slice(0, 3))
      assert.deepEqual(event, { comment: ': OPENROUTER PROCESSING' });
    assert.ok(events.slice(firstData).every((event) => 'data' in event));
  });

  test('chunk delay spaces chunks', async () => {
    const started = performance.now();
    const { chunks } = await stream({ model: NO_TOOLS_MODEL, messages: sampleMessages }, paced);
    // 4 tokens, a finish chunk, a usage chunk and [DONE]: six gaps of 25 ms.
    assert.equal(chunks.length, 6);
    assert.ok(performance.now() - started >= 6 * 25 * 0.9);
  });
});
