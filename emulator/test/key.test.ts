import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addScenario, KEY, postChat, resetState, sampleMessages, useEmulator } from './helpers.ts';

const emulator = useEmulator();

interface KeyInfo {
  data: Record<string, unknown> & { rate_limit: Record<string, unknown> };
}

function getKey(path: string, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  return fetch(`${emulator.current.baseUrl}${path}`, { headers });
}

describe('key info', () => {
  for (const path of ['/key', '/auth/key']) {
    test(`${path} shape`, async () => {
      const response = await getKey(path);
      assert.equal(response.status, 200);
      const { data } = (await response.json()) as KeyInfo;
      assert.equal(data.label, 'sk-or-v1-te...000');
      assert.equal(data.limit, null);
      assert.equal(data.limit_remaining, null);
      assert.equal(data.is_free_tier, true);
      assert.equal(data.is_management_key, false);
      assert.equal(data.usage, 0);
      assert.match(data.creator_user_id as string, /^user_/);
      assert.equal(data.rate_limit.requests, -1);
      assert.equal(data.rate_limit.interval, '10s');
    });

    test(`${path} no key is 401`, async () => {
      const response = await getKey(path, null);
      assert.equal(response.status, 401);
      const body = (await response.json()) as { error: { code: number; message: string } };
      assert.equal(body.error.code, 401);
      assert.equal(body.error.message, 'No auth credentials found');
    });

    test(`${path} bad key is 401`, async () => {
      const response = await getKey(path, 'wrong');
      assert.equal(response.status, 401);
      const body = (await response.json()) as { error: { message: string } };
      assert.equal(body.error.message, 'User not found.');
    });
  }

  test('usage adds up paid costs', async () => {
    const key = 'sk-or-v1-spender';
    const response = await postChat(
      emulator.current,
      { model: 'example/verse-13b', messages: sampleMessages },
      key,
    );
    const { usage } = (await response.json()) as { usage: { cost: number } };
    const { data } = (await (await getKey('/key', key)).json()) as KeyInfo;
    assert.equal(data.usage, usage.cost);
    assert.ok(usage.cost > 0);
  });

  test('legacy rate_limit', async () => {
    await resetState(emulator.current);
    await addScenario(emulator.current, { match: { path: '/api/v1/auth/key' }, legacy: true });
    const { data } = (await (await getKey('/auth/key')).json()) as KeyInfo;
    assert.deepEqual(data.rate_limit, { requests: 50, interval: '10s' });
  });

  test('same key same user', async () => {
    const first = (await (await getKey('/key')).json()) as KeyInfo;
    const second = (await (await getKey('/auth/key')).json()) as KeyInfo;
    assert.equal(first.data.creator_user_id, second.data.creator_user_id);
    const other = (await (await getKey('/key', 'sk-or-another')).json()) as KeyInfo;
    assert.notEqual(other.data.creator_user_id, first.data.creator_user_id);
  });
});
