import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { redisTestPrefix, serviceSkipReason } from '../support/services.ts';
import { type ErrorBody, LimitsFixture } from './limits-fixture.ts';
import { countRedisKeys, dropRedisPrefix } from './redis-keys.ts';

const PER_MINUTE = 3;

interface AdminUser {
  id: number;
  email: string;
  role: string;
  status: string;
  mustChangePassword: boolean;
  createdAt: string;
  requestsPerMinute: number | null;
  requestsToday: number;
  hasApiKey: boolean;
}

function rateLimitSuite(store: 'memory' | 'redis') {
  const redisUrl = process.env.TEST_REDIS_URL ?? '';
  const prefix = redisTestPrefix();
  const skip = store === 'redis' ? serviceSkipReason('TEST_REDIS_URL') : undefined;

  describe(`per-minute rate limit [${store}]`, skip === undefined ? {} : { skip }, () => {
    let fixture: LimitsFixture;

    const setOverride = (userId: number, requestsPerMinute: number | null, token = fixture.admin) =>
      fixture.gateway.request<AdminUser & ErrorBody>(
        'PUT',
        `/api/admin/users/${userId}/rate-limit`,
        {
          token,
          body: { requestsPerMinute },
        },
      );

    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) };
      if (store === 'redis')
        Object.assign(env, { REDIS_URL: redisUrl, PORTCULLIS_REDIS_PREFIX: prefix });
      fixture = await LimitsFixture.start({ env });
    });
    after(async () => {
      await fixture?.close();
      if (store === 'redis') await dropRedisPrefix(redisUrl, prefix);
    });

    test('limit admits then refuses with headers', async () => {
      const user = await fixture.gateway.createUser();
      for (let remaining = PER_MINUTE - 1; remaining >= 0; remaining--) {
        const response = await fixture.chat(user.token);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('ratelimit-limit'), String(PER_MINUTE));
        assert.equal(response.headers.get('ratelimit-remaining'), String(remaining));
        const reset = Number(response.headers.get('ratelimit-reset'));
        assert.ok(reset >= 1, `reset ${reset}`);
        assert.ok(reset <= 60, `reset ${reset}`);
      }
      await fixture.resetEmulator();
      const refused = await fixture.chat(user.token);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.equal(refused.body.error.type, 'rate_limit_error');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1, `Retry-After ${retryAfter}`);
      assert.ok(retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(refused.headers.get('ratelimit-limit'), String(PER_MINUTE));
      assert.equal(refused.headers.get('ratelimit-remaining'), '0');
      assert.equal(await fixture.upstreamChats(), 0);
      assert.equal(
        await fixture.requestsToday(user),
        PER_MINUTE,
        'a rate-limited request takes no daily unit',
      );
    });

    test('limit is per user', async () => {
      const first = await fixture.gateway.createUser();
      const second = await fixture.gateway.createUser();
      for (let i = 0; i < PER_MINUTE; i++)
        assert.equal((await fixture.chat(first.token)).status, 200);
      assert.equal((await fixture.chat(first.token)).status, 429);
      assert.equal((await fixture.chat(second.token)).status, 200);
    });

    test('requests refused before the step take no slot', async () => {
      const user = await fixture.gateway.createUser();
      for (let i = 0; i < PER_MINUTE + 2; i++) {
        assert.equal((await fixture.chat(user.token, { messages: [] })).status, 400);
        assert.equal((await fixture.chat(user.token, { model: 'nobody/nothing' })).status, 404);
      }
      const response = await fixture.chat(user.token);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('ratelimit-remaining'), String(PER_MINUTE - 1));
    });

    test('upstream errors still take a slot', async () => {
      const user = await fixture.gateway.createUser();
      await fixture.scenario({ status: 500 });
      assert.equal((await fixture.chat(user.token)).status, 502);
      const response = await fixture.chat(user.token);
      assert.equal(response.headers.get('ratelimit-remaining'), String(PER_MINUTE - 2));
    });

    test('per-user override beats the default', async () => {
      const user = await fixture.gateway.createUser();
      for (let i = 0; i < PER_MINUTE; i++)
        assert.equal((await fixture.chat(user.token)).status, 200);
      assert.equal((await fixture.chat(user.token)).status, 429);
      const raised = await setOverride(user.row.id, PER_MINUTE + 2);
      assert.equal(raised.status, 200);
      assert.equal(raised.body.requestsPerMinute, PER_MINUTE + 2);
      const allowed = await fixture.chat(user.token);
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get('ratelimit-limit'), String(PER_MINUTE + 2));
      assert.equal(allowed.headers.get('ratelimit-remaining'), '1');
      assert.equal((await fixture.chat(user.token)).status, 200);
      assert.equal((await fixture.chat(user.token)).status, 429);
      const cleared = await setOverride(user.row.id, null);
      assert.equal(cleared.body.requestsPerMinute, null);
      const back = await fixture.chat(user.token);
      assert.equal(back.status, 429);
      assert.equal(back.headers.get('ratelimit-limit'), String(PER_MINUTE));
    });

    if (store === 'redis') {
      test('counters live under the key prefix', async () => {
        const user = await fixture.gateway.createUser();
        assert.equal((await fixture.chat(user.token)).status, 200);
        assert.ok((await countRedisKeys(redisUrl, prefix)) > 0);
      });
    }
  });
}

rateLimitSuite('memory');
rateLimitSuite('redis');

describe('rate limit override route', () => {
  let fixture: LimitsFixture;

  before(async () => {
    fixture = await LimitsFixture.start();
  });
  after(async () => {
    await fixture?.close();
  });

  test('override returns the admin user row', async () => {
    const user = await fixture.gateway.createUser();
    assert.equal((await fixture.chat(user.token)).status, 200);
    const response = await fixture.gateway.request<AdminUser>(
      'PUT',
      `/api/admin/users/${user.row.id}/rate-limit`,
      {
        token: fixture.admin,
        body: { requestsPerMinute: 7 },
      },
    );
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), [
      'createdAt',
      'email',
      'hasApiKey',
      'id',
      'mustChangePassword',
      'requestsPerMinute',
      'requestsToday',
      'role',
      'status',
    ]);
    assert.equal(response.body.id, user.row.id);
    assert.equal(response.body.requestsPerMinute, 7);
    assert.equal(response.body.requestsToday, 1);
  });

  test('override writes an audit event', async () => {
    const user = await fixture.gateway.createUser();
    const path = `/api/admin/users/${user.row.id}/rate-limit`;
    await fixture.gateway.request('PUT', path, {
      token: fixture.admin,
      body: { requestsPerMinute: 9 },
    });
    await fixture.gateway.request('PUT', path, {
      token: fixture.admin,
      body: { requestsPerMinute: null },
    });
    const audit = await fixture.gateway.request<{
      items: { targetId: string; before: unknown; after: unknown }[];
    }>('GET', '/api/admin/audit?action=user.rate_limit', { token: fixture.admin });
    const [latest, earlier] = audit.body.items;
    assert.equal(latest?.targetId, String(user.row.id));
    assert.deepEqual(latest?.before, { requestsPerMinute: 9 });
    assert.deepEqual(latest?.after, { requestsPerMinute: null });
    assert.deepEqual(earlier?.before, { requestsPerMinute: null });
  });

  test('override validates and needs an admin', async () => {
    const user = await fixture.gateway.createUser();
    const path = `/api/admin/users/${user.row.id}/rate-limit`;
    for (const value of [0, -3, 2.5, 'ten']) {
      const response = await fixture.gateway.request('PUT', path, {
        token: fixture.admin,
        body: { requestsPerMinute: value },
      });
      assert.equal(response.status, 400, String(value));
    }
    const missing = await fixture.gateway.request('PUT', '/api/admin/users/999999/rate-limit', {
      token: fixture.admin,
      body: { requestsPerMinute: 5 },
    });
    assert.equal(missing.status, 404);
    const byUser = await fixture.gateway.request('PUT', path, {
      token: user.token,
      body: { requestsPerMinute: 5 },
    });
    assert.equal(byUser.status, 403);
  });
});
