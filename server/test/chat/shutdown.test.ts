import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/gateway.ts';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.ts';
import { chatBody, dataEvents, EMULATOR_PLAIN_MODEL } from './chat-fixture.ts';

const STREAMS = 10;
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ port: 0 });
});
after(async () => emulator.close());

async function startServing(graceMs: number): Promise<{ gateway: GatewayProcess; token: string }> {
  const gateway = await startGatewayProcess({
    env: {
      OPENROUTER_BASE_URL: emulator.baseUrl,
      KEY_POLICY: 'shared',
      OPENROUTER_API_KEY: 'sk-or-v1-operator-for-shutdown-tests',
      REGISTRATION: 'closed',
      RATE_LIMIT_PER_MINUTE: '1000',
      SHUTDOWN_GRACE_MS: String(graceMs),
    },
  });
  const login = await fetch(`${gateway.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await fetch(`${gateway.url}/api/admin/sync-models`, { method: 'POST', headers });
  await fetch(`${gateway.url}/api/admin/models/toggle`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ modelId: EMULATOR_PLAIN_MODEL, enabled: true }),
  });
  return { gateway, token };
}

/** Opens STREAMS streams and resolves once each has received its first data event. */
async function openStreams(
  gateway: GatewayProcess,
  token: string,
): Promise<Array<Promise<string>>> {
  const texts: Array<Promise<string>> = [];
  const started: Array<Promise<void>> = [];
  for (let index = 0; index < STREAMS; index++) {
    const response = await fetch(`${gateway.url}/api/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(chatBody({ stream: true })),
    });
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    let markFirst: () => void = () => {};
    started.push(new Promise((resolve) => (markFirst = resolve)));
    texts.push(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return text;
          text += Buffer.from(value).toString();
          if (text.includes('data: {')) markFirst();
        }
      })(),
    );
  }
  await Promise.all(started);
  return texts;
}

function chatLogRows(
  gateway: GatewayProcess,
): Array<{ outcome: string; error_code: string | null }> {
  const db = new Database(join(gateway.dataDir, 'portcullis.db'), { readonly: true });
  try {
    return db
      .prepare("select outcome, error_code from chat_logs where source = 'api'")
      .all() as Array<{
      outcome: string;
      error_code: string | null;
    }>;
  } finally {
    db.close();
  }
}

async function slowStreams(chunkDelayMs: number): Promise<void> {
  await fetch(`${emulator.origin}/__emulator/state`, { method: 'DELETE' });
  const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match: { stream: true }, times: 0, chunkDelayMs }),
  });
  assert.equal(response.status, 201);
}

describe('SIGTERM', () => {
  test('open streams finish within the grace period', async () => {
    await slowStreams(20);
    const { gateway, token } = await startServing(20_000);
    try {
      const texts = await openStreams(gateway, token);
      const code = await gateway.stop('SIGTERM');
      assert.equal(code, 0, gateway.stderr);
      for (const text of await Promise.all(texts)) {
        assert.equal(dataEvents(text).at(-1), '[DONE]');
        assert.doesNotMatch(text, /"error"/);
      }
      const rows = chatLogRows(gateway);
      assert.equal(rows.length, STREAMS);
      assert.ok(rows.every((row) => row.outcome === 'ok'));
    } finally {
      await gateway.stop('SIGKILL');
      gateway.cleanup();
    }
  });

  test('streams past the grace period are cut and still logged', async () => {
    await slowStreams(500);
    const { gateway, token } = await startServing(300);
    try {
      const texts = await openStreams(gateway, token);
      const code = await gateway.stop('SIGTERM');
      assert.equal(code, 0, gateway.stderr);
      for (const text of await Promise.all(texts)) {
        const events = dataEvents(text);
        assert.equal(events.at(-1), '[DONE]');
        assert.match(events.at(-2) ?? '', /"code":"service_unavailable"/);
      }
      const rows = chatLogRows(gateway);
      assert.equal(rows.length, STREAMS);
      assert.ok(rows.every((row) => row.error_code === 'service_unavailable'));
    } finally {
      await gateway.stop('SIGKILL');
      gateway.cleanup();
    }
  });
});
