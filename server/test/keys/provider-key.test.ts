import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { open } from '../../src/keys/encryption.ts';
import { checkProviderKey } from '../../src/keys/provider-key-check.ts';
import { loadProviderKey } from '../../src/keys/provider-key-store.ts';
import { TestGateway } from '../support/gateway.ts';

interface ErrorBody {
  error: { code: string; param?: string; message: string };
}
interface StatusBody {
  configured: boolean;
  last4: string | null;
  verified: boolean;
  updatedAt: string | null;
}
interface KeyRequest {
  path: string;
  headers: Record<string, string>;
}

const GOOD_KEY = 'sk-or-v1-0123456789abcdef0123456789abcdefWXYZ';

describe('provider key', () => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    gateway = await TestGateway.start({ upstream: emulator.baseUrl });
  });
  after(async () => {
    await gateway.close();
    await emulator.close();
  });
  beforeEach(async () => {
    await fetch(`${emulator.origin}/__emulator/state`, { method: 'DELETE' });
  });

  async function scenario(body: unknown): Promise<void> {
    const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201);
  }

  async function keyRequests(): Promise<KeyRequest[]> {
    const response = await fetch(`${emulator.origin}/__emulator/requests`);
    const all = (await response.json()) as KeyRequest[];
    return all.filter((entry) => entry.path === '/api/v1/key');
  }

  test('verified key is stored encrypted', async () => {
    const user = await gateway.createUser();
    const put = await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: GOOD_KEY },
    });
    assert.equal(put.status, 204);
    assert.equal(put.text, '');
    const checks = await keyRequests();
    assert.equal(checks.length, 1);
    assert.equal(checks[0]?.headers.authorization, `Bearer ${GOOD_KEY}`);

    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.equal(status.status, 200);
    assert.equal(status.body.configured, true);
    assert.equal(status.body.last4, 'WXYZ');
    assert.equal(status.body.verified, true);
    assert.ok(!Number.isNaN(Date.parse(status.body.updatedAt ?? '')));
    assert.ok(!status.text.includes(GOOD_KEY));

    const row = await gateway.running.ctx.db
      .selectFrom('provider_keys')
      .selectAll()
      .where('user_id', '=', user.row.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    assert.ok(!stored.includes(GOOD_KEY), 'the row does not hold the key');
    assert.ok(!stored.includes(Buffer.from(GOOD_KEY).toString('base64')), 'nor its base64');
    assert.equal(await loadProviderKey(gateway.running.ctx, user.row.id), GOOD_KEY);
  });

  test('ciphertext does not open for another user', async () => {
    const user = await gateway.createUser();
    await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: GOOD_KEY },
    });
    const { ctx } = gateway.running;
    const row = await ctx.db
      .selectFrom('provider_keys')
      .selectAll()
      .where('user_id', '=', user.row.id)
      .executeTakeFirstOrThrow();
    assert.equal(open(ctx.secrets.encryptionKey, user.row.id, row), GOOD_KEY);
    assert.throws(() => open(ctx.secrets.encryptionKey, user.row.id + 1, row));

    // A row copied into another user's account does not decrypt there either.
    const other = await gateway.createUser();
    await ctx.db
      .insertInto('provider_keys')
      .values({ ...row, user_id: other.row.id })
      .execute();
    await assert.rejects(loadProviderKey(ctx, other.row.id));
  });

  test('each write uses a fresh nonce', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      await gateway.request('PUT', '/api/user/api-key', {
        token: user.token,
        body: { apiKey: GOOD_KEY },
      });
      const row = await ctx.db
        .selectFrom('provider_keys')
        .select(['nonce', 'ciphertext'])
        .where('user_id', '=', user.row.id)
        .executeTakeFirstOrThrow();
      nonces.add(row.nonce);
    }
    assert.equal(nonces.size, 3);
  });

  test('rejected key is not stored', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<ErrorBody>('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: 'not-an-openrouter-key-1234' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'validation_failed');
    assert.equal(response.body.error.param, 'apiKey');
    assert.ok(!response.text.includes('not-an-openrouter-key-1234'));
    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.deepEqual(status.body, {
      configured: false,
      last4: null,
      verified: false,
      updatedAt: null,
    });
  });

  test('rejected key keeps the earlier one', async () => {
    const user = await gateway.createUser();
    await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: GOOD_KEY },
    });
    await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: 'bad-key-0000' },
    });
    assert.equal(await loadProviderKey(gateway.running.ctx, user.row.id), GOOD_KEY);
  });

  test('upstream failure stores the key unverified', async () => {
    const user = await gateway.createUser();
    await scenario({
      match: { path: '/api/v1/key' },
      status: 503,
      body: { error: { code: 503, message: 'down' } },
    });
    const response = await gateway.request<{ verified: boolean; message: string }>(
      'PUT',
      '/api/user/api-key',
      {
        token: user.token,
        body: { apiKey: GOOD_KEY },
      },
    );
    assert.equal(response.status, 202);
    assert.equal(response.body.verified, false);
    assert.match(response.body.message, /503/);
    assert.ok(!response.text.includes(GOOD_KEY));
    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.equal(status.body.configured, true);
    assert.equal(status.body.verified, false);
    assert.equal(await loadProviderKey(gateway.running.ctx, user.row.id), GOOD_KEY);
  });

  test('delete removes the key', async () => {
    const user = await gateway.createUser();
    await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey: GOOD_KEY },
    });
    const removed = await gateway.request('DELETE', '/api/user/api-key', {
      token: user.token,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(removed.status, 204);
    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.equal(status.body.configured, false);
    assert.equal(await loadProviderKey(gateway.running.ctx, user.row.id), undefined);
    const again = await gateway.request('DELETE', '/api/user/api-key', { token: user.token });
    assert.equal(again.status, 204);
  });

  test('key validation names apiKey', async () => {
    const user = await gateway.createUser();
    for (const body of [
      {},
      { apiKey: '' },
      { apiKey: '   ' },
      { apiKey: 'sk-or- spaced' },
      { apiKey: null },
    ]) {
      const response = await gateway.request<ErrorBody>('PUT', '/api/user/api-key', {
        token: user.token,
        body,
      });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.param, 'apiKey', JSON.stringify(body));
    }
    assert.equal((await keyRequests()).length, 0, 'no upstream check for invalid input');
  });

  test('unsendable key is rejected unchecked', async () => {
    const user = await gateway.createUser();
    const cases: Array<[string, string]> = [
      ['nul byte', 'sk-or-v1-abc\u0000def'],
      ['non-ascii', 'sk-or-v1-abc\u00e9\u4e2ddef'],
      ['control character', 'sk-or-v1-abc\u0007def'],
      ['delete character', 'sk-or-v1-abc\u007fdef'],
      ['too short', 'sk-or-1'],
      ['too long', `sk-or-v1-${'a'.repeat(504)}`],
    ];
    for (const [label, apiKey] of cases) {
      const response = await gateway.request<ErrorBody>('PUT', '/api/user/api-key', {
        token: user.token,
        body: { apiKey },
      });
      assert.equal(response.status, 400, label);
      assert.equal(response.body.error.code, 'validation_failed', label);
      assert.equal(response.body.error.param, 'apiKey', label);
    }
    assert.equal((await keyRequests()).length, 0, 'no upstream check for invalid input');
    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.equal(status.body.configured, false);
  });

  test('key of maximum length is checked', async () => {
    const user = await gateway.createUser();
    const apiKey = `sk-or-v1-${'a'.repeat(503)}`;
    const response = await gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey },
    });
    assert.equal(response.status, 204, response.text);
    assert.equal((await keyRequests()).length, 1);
  });

  test('header-invalid key check is a rejection', async () => {
    const { config, upstream } = gateway.running.ctx;
    const result = await checkProviderKey(config, upstream.pool, 'sk-or-v1-abc\u0000def');
    assert.equal(result.kind, 'rejected');
    assert.equal((await keyRequests()).length, 0, 'nothing reached the upstream');
  });

  test('keys stay per user', async () => {
    const owner = await gateway.createUser();
    const other = await gateway.createUser();
    await gateway.request('PUT', '/api/user/api-key', {
      token: owner.token,
      body: { apiKey: GOOD_KEY },
    });
    const status = await gateway.request<StatusBody>('GET', '/api/user/api-key/status', {
      token: other.token,
    });
    assert.equal(status.body.configured, false);
    await gateway.request('DELETE', '/api/user/api-key', { token: other.token });
    assert.equal(await loadProviderKey(gateway.running.ctx, owner.row.id), GOOD_KEY);
  });
});

describe('provider key with unreachable upstream', () => {
  let gateway: TestGateway;

  before(async () => {
    // Nothing listens on port 9, so the check's connection is refused.
    gateway = await TestGateway.start({ upstream: 'http://127.0.0.1:9/api/v1' });
  });
  after(async () => {
    await gateway.close();
  });

  test('unreachable upstream gives 202', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<{ verified: boolean; message: string }>(
      'PUT',
      '/api/user/api-key',
      {
        token: user.token,
        body: { apiKey: GOOD_KEY },
      },
    );
    assert.equal(response.status, 202);
    assert.equal(response.body.verified, false);
    assert.match(response.body.message, /could not be reached/);
    assert.ok(!response.text.includes(GOOD_KEY));
    assert.equal(await loadProviderKey(gateway.running.ctx, user.row.id), GOOD_KEY);
    assert.ok(!gateway.logs.text.includes('WXYZ'), 'not even the last four reach the log');
  });
});
