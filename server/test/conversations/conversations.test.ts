import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChatFixture, EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL } from '../chat/chat-fixture.ts';
import type { TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import {
  completionBody,
  getConversation,
  type MessageView,
  startConversation,
  streamMessage,
} from './conversation-client.ts';

interface ErrorBody {
  error: { code: string; param?: string };
}

describeEachDatabase('conversations', (database) => {
  let fixture: ChatFixture;
  let alice: TestUser;

  before(async () => {
    fixture = await ChatFixture.start({ database });
    alice = await fixture.userWithKey();
  });
  after(async () => {
    await fixture.close();
  });

  function send<T>(method: string, path: string, token: string, body?: unknown) {
    return fixture.gateway.request<T>(method, path, {
      token,
      ...(body === undefined ? {} : { body }),
    });
  }

  test('create, list, rename and delete', async () => {
    const created = await send<{
      id: number;
      model: string;
      title: string | null;
      createdAt: string;
    }>('POST', '/api/conversations', alice.token, {
      model: EMULATOR_PLAIN_MODEL,
      title: '  Plans  ',
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'id', 'model', 'title']);
    assert.equal(created.body.model, EMULATOR_PLAIN_MODEL);
    assert.equal(created.body.title, 'Plans');
    const id = created.body.id;

    const listed = await send<Array<{ id: number; updatedAt: string }>>(
      'GET',
      '/api/conversations',
      alice.token,
    );
    assert.ok(listed.body.some((row) => row.id === id && typeof row.updatedAt === 'string'));

    const renamed = await send<{ title: string }>(
      'PATCH',
      `/api/conversations/${id}`,
      alice.token,
      { title: 'Trip' },
    );
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.title, 'Trip');
    const detail = await getConversation(fixture.gateway, alice.token, id);
    assert.equal(detail.title, 'Trip');
    assert.deepEqual(detail.messages, []);

    assert.equal((await send('DELETE', `/api/conversations/${id}`, alice.token)).status, 204);
    assert.equal((await send('GET', `/api/conversations/${id}`, alice.token)).status, 404);
  });

  test('create needs a usable model', async () => {
    const unknown = await send<ErrorBody>('POST', '/api/conversations', alice.token, {
      model: 'nobody/none:free',
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'model_not_found');
    const missing = await send<ErrorBody>('POST', '/api/conversations', alice.token, {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'validation_failed');
  });

  test('json reply is stored with usage and title', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const response = await send<{
      message: MessageView;
      usage: { totalTokens: number };
      title: string;
    }>('POST', `/api/conversations/${id}/messages`, alice.token, {
      content: 'Tell me about harbours',
    });
    assert.equal(response.status, 201, response.text);
    assert.equal(response.body.message.role, 'assistant');
    assert.equal(response.body.message.status, 'complete');
    assert.ok(response.body.message.content.length > 0);
    assert.ok(response.body.usage.totalTokens > 0);
    assert.equal(typeof response.body.title, 'string');
    const detail = await getConversation(fixture.gateway, alice.token, id);
    assert.deepEqual(
      detail.messages.map((message) => [message.role, message.status]),
      [
        ['user', 'complete'],
        ['assistant', 'complete'],
      ],
    );
    assert.equal(detail.messages[0]?.content, 'Tell me about harbours');
    assert.equal(detail.messages[0]?.usage, null);
    assert.deepEqual(detail.messages[1], response.body.message);
    assert.equal(detail.title, response.body.title);
  });

  test('stream sends tokens then done', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { response, events } = await streamMessage(
      fixture.gateway,
      alice.token,
      id,
      'Stream a reply please',
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('ratelimit-limit') ?? '', /^\d+$/);
    const tokens = events.filter((event) => event.name === 'token');
    assert.ok(tokens.length > 1);
    assert.ok(tokens.every((event) => typeof event.data === 'string'));
    const last = events.at(-1);
    assert.equal(last?.name, 'done');
    assert.equal(events.filter((event) => event.name !== 'token').length, 1);
    const done = last?.data as { messageId: number; title: string; usage: Record<string, number> };
    const detail = await getConversation(fixture.gateway, alice.token, id);
    const reply = detail.messages[1];
    assert.equal(done.messageId, reply?.id);
    assert.equal(reply?.content, tokens.map((event) => event.data).join(''));
    assert.equal(reply?.status, 'complete');
    assert.deepEqual(done.usage, reply?.usage);
    assert.equal(done.title, detail.title);
    assert.deepEqual(Object.keys(done.usage).sort(), [
      'completionTokens',
      'promptTokens',
      'totalTokens',
    ]);
  });

  test('streamed text equals the json text', async () => {
    const first = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const second = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const json = await send<{ message: MessageView }>(
      'POST',
      `/api/conversations/${first}/messages`,
      alice.token,
      {
        content: 'Same question',
      },
    );
    const { events } = await streamMessage(fixture.gateway, alice.token, second, 'Same question');
    const streamed = events
      .filter((event) => event.name === 'token')
      .map((event) => event.data)
      .join('');
    assert.equal(streamed, json.body.message.content);
  });

  test('history goes upstream as context', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    await send('POST', `/api/conversations/${id}/messages`, alice.token, {
      content: 'First question',
    });
    await fixture.resetEmulator();
    await send('POST', `/api/conversations/${id}/messages`, alice.token, {
      content: 'Second question',
    });
    const [request] = await fixture.upstreamRequests();
    const messages = request?.body?.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(
      messages.map((message) => message.role),
      ['user', 'assistant', 'user'],
    );
    assert.equal(messages[0]?.content, 'First question');
    assert.equal(messages[2]?.content, 'Second question');
    assert.equal(request?.body?.model, EMULATOR_PLAIN_MODEL);
  });

  test('title comes from the model', async () => {
    await fixture.scenario({
      match: { stream: false },
      body: completionBody(EMULATOR_PLAIN_MODEL, '"Title: Harbour Lights"\nextra line'),
    });
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { events } = await streamMessage(
      fixture.gateway,
      alice.token,
      id,
      'Tell me about harbour lights at night',
    );
    const done = events.at(-1);
    assert.equal(done?.name, 'done');
    assert.equal((done?.data as { title: string } | undefined)?.title, 'Harbour Lights');
    assert.equal((await getConversation(fixture.gateway, alice.token, id)).title, 'Harbour Lights');
  });

  test('title call is internal and logged', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      match: { stream: false },
      body: completionBody(EMULATOR_PLAIN_MODEL, 'Quiet Title'),
    });
    const id = await startConversation(fixture.gateway, user.token, EMULATOR_PLAIN_MODEL);
    await streamMessage(fixture.gateway, user.token, id, 'Hello');
    const rows = await fixture.logsOf(user.row.id, 2);
    assert.deepEqual(rows.map((row) => row.source).sort(), ['conversation', 'title']);
    const title = rows.find((row) => row.source === 'title');
    assert.equal(title?.total_tokens, 44);
    assert.equal(title?.outcome, 'ok');
    const usage = await fixture.gateway.running.ctx.db
      .selectFrom('usage_daily')
      .selectAll()
      .where('user_id', '=', user.row.id)
      .execute();
    assert.equal(usage.length, 1);
    assert.equal(Number(usage[0]?.requests), 1);
    const conversationRow = rows.find((row) => row.source === 'conversation');
    assert.equal(Number(usage[0]?.total_tokens), 44 + (conversationRow?.total_tokens ?? 0));
  });

  test('title falls back to the first words', async () => {
    await fixture.scenario({ match: { stream: false }, status: 500 });
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { events } = await streamMessage(
      fixture.gateway,
      alice.token,
      id,
      'Which lighthouses along the northern coast are still staffed today?',
    );
    assert.equal(
      (events.at(-1)?.data as { title: string } | undefined)?.title,
      'Which lighthouses along the northern coast',
    );
  });

  test('no new title after the first exchange', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    await streamMessage(fixture.gateway, alice.token, id, 'One');
    const before = (await getConversation(fixture.gateway, alice.token, id)).title;
    await fixture.resetEmulator();
    const { events } = await streamMessage(fixture.gateway, alice.token, id, 'Two');
    assert.equal((events.at(-1)?.data as { title: string } | undefined)?.title, before);
    assert.equal((await fixture.upstreamRequests()).length, 1);
  });

  test('upstream failure before the reply is an http error', async () => {
    await fixture.scenario({ match: { stream: true }, status: 503 });
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { response, text } = await streamMessage(fixture.gateway, alice.token, id, 'Hello');
    assert.equal(response.status, 502);
    assert.equal((JSON.parse(text) as ErrorBody).error.code, 'upstream_error');
    assert.deepEqual((await getConversation(fixture.gateway, alice.token, id)).messages, []);
  });

  test('failure after the 200 is one error event', async () => {
    await fixture.scenario({ match: { stream: true }, cutAfterChunks: 3 });
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { response, events } = await streamMessage(fixture.gateway, alice.token, id, 'Hello');
    assert.equal(response.status, 200);
    const closing = events.filter((event) => event.name !== 'token');
    assert.equal(closing.length, 1);
    assert.equal(closing[0]?.name, 'error');
    const error = closing[0]?.data as {
      error: { code: string; type: string; message: string };
      status: number;
    };
    assert.equal(error.error.code, 'upstream_error');
    assert.equal(error.error.type, 'api_error');
    assert.equal(error.status, 502);
    const detail = await getConversation(fixture.gateway, alice.token, id);
    assert.equal(detail.messages.length, 2);
    assert.equal(detail.messages[1]?.status, 'error');
    assert.equal(
      detail.messages[1]?.content,
      events
        .filter((event) => event.name === 'token')
        .map((event) => event.data)
        .join(''),
    );
  });

  test('in-band error is reported as error event', async () => {
    await fixture.scenario({
      match: { stream: true },
      errorAfterChunks: { n: 2, error: { code: 502, message: 'Provider returned error' } },
    });
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const { events } = await streamMessage(fixture.gateway, alice.token, id, 'Hello');
    const last = events.at(-1);
    assert.equal(last?.name, 'error');
    assert.equal(
      (last?.data as { error: { message: string } } | undefined)?.error.message,
      'Provider returned error',
    );
  });

  test('aborted stream keeps the partial reply', async () => {
    const user = await fixture.userWithKey();
    await fixture.resetEmulator();
    await fixture.scenario({ match: { stream: true }, chunkDelayMs: 100 });
    const id = await startConversation(fixture.gateway, user.token, EMULATOR_PLAIN_MODEL);
    const controller = new AbortController();
    const response = await fetch(`${fixture.gateway.url}/api/conversations/${id}/messages/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'A long answer please' }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('event: token')) {
      const { value } = await reader.read();
      seen += new TextDecoder().decode(value);
    }

    controller.abort();
    let detail = await getConversation(fixture.gateway, user.token, id);
    for (let i = 0; i < 100 && detail.messages.length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      detail = await getConversation(fixture.gateway, user.token, id);
    }
    const reply = detail.messages[1];
    assert.equal(reply?.status, 'interrupted');
    assert.ok((reply?.content.length ?? 0) > 0);
    assert.ok((reply?.usage?.totalTokens ?? 0) > 0);

    const [row] = await fixture.logsOf(user.row.id, 1);
    assert.equal(row?.outcome, 'client_aborted');
    assert.equal(row?.usage_estimated, 1);
    assert.equal(row?.source, 'conversation');
    const upstream = (await fixture.upstreamRequests()).filter(
      (record) => record.body?.stream === true,
    );
    for (let i = 0; i < 50 && upstream[0]?.endedAt === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      upstream.splice(
        0,
        1,
        ...(await fixture.upstreamRequests()).filter((record) => record.body?.stream === true),
      );
    }
    assert.equal(upstream[0]?.aborted, true);
  });

  test('another user gets 404 on every route', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const mallory = await fixture.userWithKey();
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `/api/conversations/${id}`, undefined],
      ['PATCH', `/api/conversations/${id}`, { title: 'mine now' }],
      ['DELETE', `/api/conversations/${id}`, undefined],
      ['POST', `/api/conversations/${id}/messages`, { content: 'hi' }],
      ['POST', `/api/conversations/${id}/messages/stream`, { content: 'hi' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await send<ErrorBody>(method, path, mallory.token, body);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.body.error.code, 'not_found');
    }
    const listed = await send<Array<{ id: number }>>('GET', '/api/conversations', mallory.token);
    assert.ok(!listed.body.some((row) => row.id === id));
    const detail = await getConversation(fixture.gateway, alice.token, id);
    assert.equal(detail.title, null);
    assert.deepEqual(detail.messages, []);
  });

  test('context is trimmed oldest first', async () => {
    const { ctx } = fixture.gateway.running;
    // 400 tokens of context leave a 300-token budget for the history.
    await ctx.db
      .updateTable('models')
      .set({ context_length: 400 })
      .where('model_id', '=', EMULATOR_TOOLS_MODEL)
      .execute();
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_TOOLS_MODEL);
    const now = ctx.now();
    const old = 'o'.repeat(400);
    await ctx.db
      .insertInto('conversation_messages')
      .values(
        ['first', 'second', 'third', 'fourth'].map((word, i) => ({
          conversation_id: id,
          role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
          content: `${word} ${old}`,
          status: 'complete' as const,
          prompt_tokens: null,
          completion_tokens: null,
          total_tokens: null,
          created_at: now,
        })),
      )
      .execute();

    await fixture.resetEmulator();
    const newest = 'n'.repeat(300);
    const response = await send('POST', `/api/conversations/${id}/messages`, alice.token, {
      content: newest,
    });
    assert.equal(response.status, 201, response.text);
    const [request] = (await fixture.upstreamRequests()).filter(
      (record) => record.body?.model === EMULATOR_TOOLS_MODEL,
    );
    const messages = request?.body?.messages as Array<{ role: string; content: string }>;
    // 300 - 79 for the newest leaves room for two 105-token messages: "third" and "fourth".
    assert.deepEqual(
      messages.map((message) => message.content.split(' ')[0]),
      ['third', 'fourth', newest],
    );
  });

  test('newest message is kept even when too long', async () => {
    const { ctx } = fixture.gateway.running;
    await ctx.db
      .updateTable('models')
      .set({ context_length: 400 })
      .where('model_id', '=', EMULATOR_TOOLS_MODEL)
      .execute();
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_TOOLS_MODEL);
    await send('POST', `/api/conversations/${id}/messages`, alice.token, {
      content: 'short start',
    });
    await fixture.resetEmulator();
    const huge = 'h'.repeat(5000);
    await send('POST', `/api/conversations/${id}/messages`, alice.token, { content: huge });
    const [request] = await fixture.upstreamRequests();
    const messages = request?.body?.messages as Array<{ content: string }>;
    assert.deepEqual(
      messages.map((message) => message.content),
      [huge],
    );
  });

  test('empty content is validation_failed', async () => {
    const id = await startConversation(fixture.gateway, alice.token, EMULATOR_PLAIN_MODEL);
    const response = await send<ErrorBody>(
      'POST',
      `/api/conversations/${id}/messages`,
      alice.token,
      { content: '' },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.param, 'content');
  });
});
