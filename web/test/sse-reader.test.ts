import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readReplyStream } from '../src/api/reply-stream.ts';
import { readServerSentEvents } from '../src/api/sse.ts';

/** A body that delivers each piece as its own read, as a slow network would. */
function bodyOf(pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) {
        controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      }
      controller.close();
    },
  });
}

async function collect<T>(events: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('readServerSentEvents', () => {
  it('joins events split across reads', async () => {
    const events = await collect(
      readServerSentEvents(
        bodyOf(['event: tok', 'en\ndata: "a"\n', '\nevent: token\ndata: "b"\n\n']),
      ),
    );
    assert.deepEqual(events, [
      { event: 'token', data: '"a"' },
      { event: 'token', data: '"b"' },
    ]);
  });

  it('decodes a character split across reads', async () => {
    const bytes = new TextEncoder().encode('data: "café 🚀"\n\n');
    const cut = bytes.indexOf(0xf0) + 2;
    const events = await collect(
      readServerSentEvents(bodyOf([bytes.slice(0, cut), bytes.slice(cut)])),
    );
    assert.deepEqual(events, [{ event: 'message', data: '"café 🚀"' }]);
  });

  it('skips comments and CRLF framing', async () => {
    const events = await collect(
      readServerSentEvents(bodyOf([': keepalive\r\n\r\nevent: done\r\ndata: {}\r\n\r\n'])),
    );
    assert.deepEqual(events, [{ event: 'done', data: '{}' }]);
  });

  it('drops a partial event at the end', async () => {
    const events = await collect(readServerSentEvents(bodyOf(['data: "whole"\n\ndata: "cut'])));
    assert.deepEqual(events, [{ event: 'message', data: '"whole"' }]);
  });
});

describe('readReplyStream', () => {
  it('decodes token, done and error events', async () => {
    const body = bodyOf([
      'event: token\ndata: "Hel"\n\n',
      'event: token\ndata: "lo"\n\n',
      'event: error\ndata: {"error":{"message":"Upstream failed.","type":"api_error","code":"upstream_error"},"status":502}\n\n',
      'event: done\ndata: {"messageId":7,"title":"Hi","usage":{"promptTokens":1,"completionTokens":2,"totalTokens":3}}\n\n',
    ]);
    const events = await collect(readReplyStream(new Response(body)));
    assert.deepEqual(events.slice(0, 2), [
      { type: 'token', delta: 'Hel' },
      { type: 'token', delta: 'lo' },
    ]);
    const error = events[2];
    assert.equal(error?.type, 'error');
    if (error?.type === 'error') {
      assert.equal(error.error.status, 502);
      assert.equal(error.error.code, 'upstream_error');
      assert.equal(error.error.message, 'Upstream failed.');
    }
    const done = events[3];
    assert.equal(done?.type, 'done');
    if (done?.type === 'done') assert.equal(done.done.usage?.totalTokens, 3);
  });

  it('skips unknown event names', async () => {
    const events = await collect(
      readReplyStream(
        new Response(bodyOf(['event: status\ndata: {}\n\nevent: token\ndata: "x"\n\n'])),
      ),
    );
    assert.deepEqual(events, [{ type: 'token', delta: 'x' }]);
  });
});
