import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ChatFixture, chatBody, dataEvents } from './chat-fixture.ts';

let fixture: ChatFixture;

before(async () => {
  fixture = await ChatFixture.start({ env: { UPSTREAM_IDLE_TIMEOUT_MS: '800' } });
});
after(async () => fixture.close());

async function stream(token: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${fixture.gateway.url}/api/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(chatBody({ stream: true, ...extra })),
  });
  return { response, text: await response.text() };
}

const HEAD = '"id":"gen-1","object":"chat.completion.chunk","model":"acme/quill-3b:free"';
const TOKEN_1 = `data: {${HEAD},"choices":[{"index":0,"delta":{"content":"Grüße "},"finish_reason":null}]}\n\n`;
const TOKEN_2 = `data: {${HEAD},"choices":[{"index":0,"delta":{"content":"中文"},"finish_reason":null}]}\n\n`;
const FINISH = `data: {${HEAD},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`;
const USAGE = `data: {${HEAD},"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"cost":0}}\n\n`;
const DONE = 'data: [DONE]\n\n';

function errorOf(event: string | undefined): { code: string; type: string; message: string } {
  return (JSON.parse(event ?? '{}') as { error: { code: string; type: string; message: string } })
    .error;
}

describe('chunking', () => {
  test('split JSON and split UTF-8 are forwarded whole', async () => {
    const user = await fixture.userWithKey();
    const bytes = Buffer.from(TOKEN_1 + TOKEN_2);
    const inside = bytes.indexOf(Buffer.from('中')) + 1;
    await fixture.scenario({
      rawChunks: [
        ': OPENROUTER PROCESSING\n\n',
        TOKEN_1.slice(0, 20),
        { base64: bytes.subarray(20, inside).toString('base64') },
        { base64: bytes.subarray(inside).toString('base64') },
        FINISH + USAGE.slice(0, 30),
        USAGE.slice(30),
        DONE,
      ],
    });
    const { response, text } = await stream(user.token);
    assert.equal(response.status, 200);
    assert.equal(text, `: OPENROUTER PROCESSING\n\n${TOKEN_1}${TOKEN_2}${FINISH}${USAGE}${DONE}`);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.reply, 'Grüße 中文');
    assert.equal(row?.total_tokens, 5);
    assert.equal(row?.outcome, 'ok');
  });

  test('comments between events are forwarded', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, ': still working\n\n', FINISH, USAGE, DONE] });
    const { text } = await stream(user.token);
    assert.equal(text, `${TOKEN_1}: still working\n\n${FINISH}${USAGE}${DONE}`);
  });

  test('CRLF events are recognised', async () => {
    const user = await fixture.userWithKey();
    const crlf = TOKEN_1.replace(/\n/g, '\r\n');
    await fixture.scenario({ rawChunks: [crlf, FINISH, DONE] });
    const { text } = await stream(user.token);
    assert.ok(text.startsWith(crlf));
  });

  test('data event that is not JSON is dropped', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, 'data: {not json\n\n', FINISH, DONE] });
    const { text } = await stream(user.token);
    assert.equal(text, `${TOKEN_1}${FINISH}${DONE}`);
    assert.match(fixture.gateway.logs.text, /not JSON; dropped/);
  });

  test('usage-only stream without text is ok', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [USAGE, DONE] });
    const { text } = await stream(user.token);
    assert.equal(text, USAGE + DONE);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.total_tokens, 5);
    assert.equal(row?.usage_estimated, 0);
  });

  test('legacy usage on a choice chunk is read', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ usage: { total_tokens: 99 }, legacy: true });
    await stream(user.token);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.total_tokens, 99);
  });
});

describe('end of stream', () => {
  test('upstream silent after [DONE] ends the reply at once', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, FINISH, DONE], hangAfterChunks: 3 });
    const { text } = await stream(user.token);
    assert.equal(text, `${TOKEN_1}${FINISH}${DONE}`);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'ok');
  });

  test('events after [DONE] are not forwarded', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, DONE + TOKEN_2] });
    const { text } = await stream(user.token);
    assert.equal(text, `${TOKEN_1}${DONE}`);
  });
});

describe('failures after the 200', () => {
  test('mid-stream upstream error is forwarded once, then [DONE]', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({
      errorAfterChunks: { n: 3, error: { code: 502, message: 'Provider disconnected' } },
    });
    const { response, text } = await stream(user.token);
    assert.equal(response.status, 200);
    const events = dataEvents(text);
    assert.equal(events.at(-1), '[DONE]');
    const errors = events.filter((event) => event.includes('"error"'));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /Provider disconnected/);
    assert.doesNotMatch(text, /"finish_reason":"stop"/);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'upstream_error');
    assert.equal(row?.error_code, 'upstream_error');
    assert.equal(row?.status, 200);
  });

  test('cut connection adds one error event and [DONE]', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ cutAfterChunks: 3 });
    const { text } = await stream(user.token);
    const events = dataEvents(text);
    assert.equal(events.length, 3 + 2);
    assert.equal(errorOf(events.at(-2)).code, 'upstream_error');
    assert.equal(errorOf(events.at(-2)).type, 'api_error');
    assert.equal(events.at(-1), '[DONE]');
    assert.doesNotMatch(text, /finish_reason":"stop"/);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'upstream_truncated');
    assert.equal(row?.usage_estimated, 1);
    assert.ok((row?.completion_tokens ?? 0) > 0);
  });

  test('hang past the idle timeout gives upstream_timeout in-band', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ hangAfterChunks: 2 });
    const { text } = await stream(user.token);
    const events = dataEvents(text);
    assert.equal(errorOf(events.at(-2)).code, 'upstream_timeout');
    assert.equal(events.at(-1), '[DONE]');
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'upstream_timeout');
  });

  test('end without [DONE] adds an error and [DONE]', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, TOKEN_2] });
    const { text } = await stream(user.token);
    const events = dataEvents(text);
    assert.equal(events.length, 4);
    assert.equal(errorOf(events[2]).code, 'upstream_error');
    assert.equal(events[3], '[DONE]');
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'upstream_truncated');
  });

  test('partial event at the end is dropped', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1, 'data: {"marker":"held"'] });
    const { text } = await stream(user.token);
    assert.ok(!text.includes('held'));
    assert.equal(dataEvents(text).at(-1), '[DONE]');
  });
});

describe('failures before the first event', () => {
  test('cut before any event is an HTTP 502', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [TOKEN_1.slice(0, 10)], cutAfterChunks: 1 });
    const { response, text } = await stream(user.token);
    assert.equal(response.status, 502);
    assert.equal(errorOf(text).code, 'upstream_error');
  });

  test('silence before any event is an HTTP 504', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [], hangAfterChunks: 0 });
    const { response, text } = await stream(user.token);
    assert.equal(response.status, 504);
    assert.equal(errorOf(text).code, 'upstream_timeout');
  });
});

describe('client abort', () => {
  test('disconnect aborts the upstream and logs client_aborted', async () => {
    const user = await fixture.userWithKey();
    await fixture.resetEmulator();
    await fixture.scenario({ chunkDelayMs: 100 });
    const url = new URL(`${fixture.gateway.url}/api/chat/completions`);
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      });
      request.on('response', (response) => {
        let seen = 0;
        response.on('data', (chunk: Buffer) => {
          seen += chunk.toString().split('data: ').length - 1;
          if (seen >= 3) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
      });
      request.end(JSON.stringify(chatBody({ stream: true })));
    });
    const closedAt = Date.now();
    let record: Awaited<ReturnType<typeof fixture.upstreamRequests>>[number] | undefined;
    while (Date.now() - closedAt < 2000) {
      [record] = await fixture.upstreamRequests();
      if (record?.endedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(record?.aborted, true);
    // The emulator writes a chunk every 100 ms: an upstream still open after the
    // next few would mean the abort did not propagate.
    assert.ok(Date.parse(record?.endedAt ?? '') - closedAt < 300);
    const [row] = await fixture.logsOf(user.row.id);
    assert.equal(row?.outcome, 'client_aborted');
    assert.equal(row?.usage_estimated, 1);
    assert.ok((row?.completion_tokens ?? 0) > 0);
    assert.ok((row?.prompt_tokens ?? 0) > 0);
  });
});

describe('secrets in upstream events', () => {
  const LEAKED = 'sk-or-v1-abcdef0123456789SECRET';

  test('error event with a key is redacted', async () => {
    const user = await fixture.userWithKey();
    const errorEvent = `data: {"error":{"code":502,"message":"Invalid key ${LEAKED}; header was Bearer ${LEAKED}"}}\n\n`;
    await fixture.scenario({ rawChunks: [TOKEN_1, errorEvent] });
    const { text } = await stream(user.token);
    assert.doesNotMatch(text, /abcdef0123456789SECRET/);
    assert.match(text, /Invalid key \[redacted key\]; header was Bearer \[redacted\]/);
  });

  test('comment with a key is redacted', async () => {
    const user = await fixture.userWithKey();
    await fixture.scenario({ rawChunks: [`: note ${LEAKED.toUpperCase()}\n\n`, TOKEN_1, DONE] });
    const { text } = await stream(user.token);
    assert.doesNotMatch(text, /ABCDEF0123456789SECRET/);
    assert.match(text, /^: note \[redacted key\]\n\n/);
  });

  test('model text is forwarded unchanged', async () => {
    const user = await fixture.userWithKey();
    const content = `data: {${HEAD},"choices":[{"index":0,"delta":{"content":"Send Bearer abc"},"finish_reason":null}]}\n\n`;
    await fixture.scenario({ rawChunks: [content, FINISH, USAGE, DONE] });
    const { text } = await stream(user.token);
    assert.equal(text, `${content}${FINISH}${USAGE}${DONE}`);
  });
});
