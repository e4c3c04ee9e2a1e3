import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import OpenAI from 'openai';
import { FREE_TOOLS_MODEL, KEY, NO_TOOLS_MODEL, useEmulator } from './helpers.ts';

const emulator = useEmulator();

function client(apiKey = KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: emulator.current.baseUrl, maxRetries: 0 });
}

const messages = [{ role: 'user' as const, content: 'Hello from the openai package' }];

describe('openai client', () => {
  test('plain completion', async () => {
    const completion = await client().chat.completions.create({ model: NO_TOOLS_MODEL, messages });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    assert.equal(completion.usage?.completion_tokens, 64);
  });

  test('streamed completion', async () => {
    const stream = await client().chat.completions.create({
      model: NO_TOOLS_MODEL,
      messages,
      stream: true,
    });
    let text = '';
    let finish: string | null | undefined;
    let usageTokens: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usageTokens = chunk.usage?.completion_tokens ?? usageTokens;
    }
    const plain = await client().chat.completions.create({ model: NO_TOOLS_MODEL, messages });
    assert.equal(text, plain.choices[0]?.message.content);
    assert.equal(finish, 'stop');
    assert.equal(usageTokens, 64);
  });

  test('streamed tool call', async () => {
    const stream = client().chat.completions.stream({
      model: FREE_TOOLS_MODEL,
      messages: [{ role: 'user', content: 'Use lookup' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            parameters: {
              type: 'object',
              properties: { query: { type: 'string' } },
              required: ['query'],
            },
          },
        },
      ],
    });
    const completion = await stream.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call);
    assert.equal(call.type, 'function');
    if (call.type !== 'function') return;
    assert.equal(call.function.name, 'lookup');
    assert.equal(typeof JSON.parse(call.function.arguments).query, 'string');
  });

  test('errors become APIError', async () => {
    const failing = client('bad-key').chat.completions.create({ model: NO_TOOLS_MODEL, messages });
    await assert.rejects(failing, (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 401);
      assert.match(error.message, /User not found\./);
      return true;
    });
  });

  test('model list parses', async () => {
    const page = await client().models.list();
    const ids = page.data.map((model) => model.id);
    assert.ok(ids.includes(NO_TOOLS_MODEL));
  });
});
