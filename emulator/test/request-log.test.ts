import assert from 'node:assert/strict';
import { request } from 'node:http';
import { beforeEach, describe, test } from 'node:test';
import type { RequestRecord } from '../src/index.ts';
import {
  addScenario,
  KEY,
  NO_TOOLS_MODEL,
  postChat,
  resetState,
  sampleMessages,
  useEmulator,
} from './helpers.ts';

const emulator = useEmulator();
const chat = { model: NO_TOOLS_MODEL, messages: sampleMessages };

beforeEach(() => resetState(emulator.current));

async function records(): Promise<RequestRecord[]> {
  const response = await fetch(`${emulator.current.origin}/__emulator/requests`);
  assert.equal(response.status, 200);
  return (await response.json()) as RequestRecord[];
}

/** Polls the log until the request with this path has ended. */
async function endedRecord(path: string): Promise<RequestRecord> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = (await records()).find((record) => record.path === path && record.endedAt);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ended record for ${path}`);
}

describe('request log', () => {
  test('records a completion', async () => {
    await (await postChat(emulator.current, chat)).text();
    const [record] = await records();
    assert.ok(record);
    assert.equal(record.method, 'POST');
    assert.equal(record.path, '/api/v1/chat/completions');
    assert.equal(record.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(record.body, chat);
    assert.equal(record.status, 200);
    assert.equal(record.aborted, false);
    assert.ok(Date.parse(record.startedAt) <= Date.parse(record.endedAt ?? ''));
    assert.equal(typeof record.id, 'number');
  });

  test('oldest first', async () => {
    await (await fetch(`${emulator.current.baseUrl}/models`)).text();
    await (await postChat(emulator.current, chat, null)).text();
    const list = await records();
    assert.deepEqual(
      list.map((record) => [record.path, record.status]),
      [
        ['/api/v1/models', 200],
        ['/api/v1/chat/completions', 401],
      ],
    );
    assert.ok((list[0]?.id ?? 0) < (list[1]?.id ?? 0));
  });

  test('path without query', async () => {
    await (await fetch(`${emulator.current.baseUrl}/models?supported_parameters=tools`)).text();
    assert.equal((await records())[0]?.path, '/api/v1/models');
  });

  test('control calls not recorded', async () => {
    await addScenario(emulator.current, { status: 500 });
    assert.deepEqual(await records(), []);
  });

  test('invalid JSON kept as text', async () => {
    await (await postChat(emulator.current, '{"model":')).text();
    assert.equal((await records())[0]?.body, '{"model":');
  });

  test('empty body is null', async () => {
    await (await fetch(`${emulator.current.baseUrl}/models`)).text();
    assert.equal((await records())[0]?.body, null);
  });

  test('compact JSON', async () => {
    await (await fetch(`${emulator.current.baseUrl}/models`)).text();
    const text = await (await fetch(`${emulator.current.origin}/__emulator/requests`)).text();
    assert.equal(text, JSON.stringify(JSON.parse(text)));
  });

  test('client abort flagged', async () => {
    await addScenario(emulator.current, { hangAfterChunks: 1 });
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(`${emulator.current.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      });
      outgoing.on('response', (response) => {
        response.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
      outgoing.end(JSON.stringify({ ...chat, stream: true }));
    });
    const record = await endedRecord('/api/v1/chat/completions');
    assert.equal(record.aborted, true);
    assert.equal(record.status, 200);
  });

  test('server cut not an abort', async () => {
    await addScenario(emulator.current, { cutAfterChunks: 1 });
    const response = await postChat(emulator.current, { ...chat, stream: true });
    await response.text().catch(() => undefined);
    const record = await endedRecord('/api/v1/chat/completions');
    assert.equal(record.aborted, false);
  });

  test('reset clears log', async () => {
    await (await fetch(`${emulator.current.baseUrl}/models`)).text();
    await resetState(emulator.current);
    assert.deepEqual(await records(), []);
  });

  test('keeps the last 10,000', async () => {
    const total = 10_050;
    const workers = Array.from({ length: 25 }, async (_, worker) => {
      for (let i = worker; i < total; i += 25) {
        await (await fetch(`${emulator.current.baseUrl}/key?n=${i}`)).text();
      }
    });
    await Promise.all(workers);
    const list = await records();
    assert.equal(list.length, 10_000);
    const ids = list.map((record) => record.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.equal((ids.at(-1) ?? 0) - (ids[0] ?? 0), 9_999);
  });
});
