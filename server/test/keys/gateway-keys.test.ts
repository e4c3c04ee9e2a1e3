import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { TestGateway, type TestUser } from '../support/gateway.ts';

// /v1/models answers from the local catalogue, so no upstream call is made.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

interface ErrorBody {
  error: { code: string; param?: string };
}
interface KeyView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}
interface CreatedKey extends KeyView {
  key: string;
}

describe('gateway keys', () => {
  let gateway: TestGateway;
  let clock = Date.now();

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM, now: () => clock });
  });
  after(async () => {
    await gateway.close();
  });

  async function createKey(user: TestUser, body: Record<string, unknown> = { name: 'laptop' }) {
    const response = await gateway.request<CreatedKey>('POST', '/api/user/gateway-keys', {
      token: user.token,
      body,
    });
    assert.equal(response.status, 201, response.text);
    return response.body;
  }

  function useKey(key: string) {
    return gateway.request<ErrorBody>('GET', '/v1/models', { token: key });
  }

  async function setStatus(user: TestUser, status: 'active' | 'disabled'): Promise<void> {
    const { ctx } = gateway.running;
    await ctx.db.updateTable('users').set({ status }).where('id', '=', user.row.id).execute();
    ctx.users.forget(user.row.id);
  }

  test('create shows the key once', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user, { name: '  ci runner  ' });
    assert.match(created.key, /^pcl_[0-9A-Za-z]{43}$/);
    assert.equal(created.name, 'ci runner');
    assert.equal(created.prefix, created.key.slice(0, 10));
    assert.equal(created.lastUsedAt, null);
    assert.equal(created.expiresAt, null);
    const list = await gateway.request<KeyView[]>('GET', '/api/user/gateway-keys', {
      token: user.token,
    });
    assert.equal(list.status, 200);
    assert.equal(list.body.length, 1);
    const { key: _key, ...view } = created;
    assert.deepEqual(list.body[0], view);
    assert.ok(!list.text.includes(created.key));
  });

  test('keys are hashed at rest', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    const row = await gateway.running.ctx.db
      .selectFrom('gateway_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.key_hash, createHash('sha256').update(created.key).digest('hex'));
    assert.ok(
      !JSON.stringify(row).includes(created.key.slice(10)),
      'no column holds the secret part',
    );
  });

  test('key works on v1 routes only', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    assert.equal((await useKey(created.key)).status, 200);
    for (const path of ['/api/auth/me', '/api/user/gateway-keys', '/api/chat/models']) {
      const response = await gateway.request<ErrorBody>('GET', path, { token: created.key });
      assert.equal(response.status, 401, path);
      assert.equal(response.body.error.code, 'unauthorized', path);
    }
  });

  test('unknown key is rejected', async () => {
    const response = await useKey(`pcl_${'0'.repeat(43)}`);
    assert.equal(response.status, 401);
  });

  test('use shows in lastUsedAt', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    assert.equal((await useKey(created.key)).status, 200);
    const list = await gateway.request<KeyView[]>('GET', '/api/user/gateway-keys', {
      token: user.token,
    });
    assert.equal(list.body[0]?.lastUsedAt, new Date(clock).toISOString());
  });

  test('key expires', async () => {
    const user = await gateway.createUser();
    const expiresAt = new Date(clock + 60_000).toISOString();
    const created = await createKey(user, { name: 'short-lived', expiresAt });
    assert.equal(created.expiresAt, expiresAt);
    assert.equal((await useKey(created.key)).status, 200);
    const saved = clock;
    clock += 61_000;
    try {
      const response = await useKey(created.key);
      assert.equal(response.status, 401);
    } finally {
      clock = saved;
    }
  });

  test('expiry must be a future time', async () => {
    const user = await gateway.createUser();
    for (const expiresAt of [new Date(clock - 1000).toISOString(), 'tomorrow', '']) {
      const response = await gateway.request<ErrorBody>('POST', '/api/user/gateway-keys', {
        token: user.token,
        body: { name: 'bad', expiresAt },
      });
      assert.equal(response.status, 400, expiresAt);
      assert.equal(response.body.error.param, 'expiresAt', expiresAt);
    }
  });

  test('far-future expiry is rejected', async () => {
    const user = await gateway.createUser();
    const tooFar = new Date(clock);
    tooFar.setUTCFullYear(tooFar.getUTCFullYear() + 11);
    for (const expiresAt of [
      '+275760-09-13T00:00:00.000Z',
      '+010000-01-01T00:00:00Z',
      tooFar.toISOString(),
      '2030-02-30T00:00:00Z',
      '2030-01-01',
      '2030-01-01T00:00:00',
      'Tue, 01 Jan 2030 00:00:00 GMT',
    ]) {
      const response = await gateway.request<ErrorBody>('POST', '/api/user/gateway-keys', {
        token: user.token,
        body: { name: 'far', expiresAt },
      });
      assert.equal(response.status, 400, expiresAt);
      assert.equal(response.body.error.code, 'validation_failed', expiresAt);
      assert.equal(response.body.error.param, 'expiresAt', expiresAt);
    }
    const list = await gateway.request<KeyView[]>('GET', '/api/user/gateway-keys', {
      token: user.token,
    });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, [], 'nothing was stored');
  });

  test('expiry accepts rfc 3339 offsets', async () => {
    const user = await gateway.createUser();
    const inOneYear = clock + 365 * 24 * 3600 * 1000;
    const utc = new Date(inOneYear).toISOString();
    // The same instant written two hours east of UTC.
    const shifted = new Date(inOneYear + 2 * 3600 * 1000).toISOString().replace('Z', '+02:00');
    const created = await createKey(user, { name: 'offset', expiresAt: shifted });
    assert.equal(created.expiresAt, utc);
  });

  test('stored far-future expiry keeps the list working', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    await gateway.running.ctx.db
      .updateTable('gateway_keys')
      .set({ expires_at: Date.parse('+275760-09-13T00:00:00.000Z') })
      .where('id', '=', created.id)
      .execute();
    const list = await gateway.request<KeyView[]>('GET', '/api/user/gateway-keys', {
      token: user.token,
    });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body[0]?.expiresAt, '9999-12-31T23:59:59.999Z');
  });

  test('name is required and bounded', async () => {
    const user = await gateway.createUser();
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'n'.repeat(101) }]) {
      const response = await gateway.request<ErrorBody>('POST', '/api/user/gateway-keys', {
        token: user.token,
        body,
      });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.param, 'name');
    }
  });

  test('key is dead while its user is disabled', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    await setStatus(user, 'disabled');
    assert.equal((await useKey(created.key)).status, 401);
    await setStatus(user, 'active');
    assert.equal((await useKey(created.key)).status, 200);
  });

  test('key survives own password change', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    const changed = await gateway.request('POST', '/api/auth/change-password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'another-long-password' },
    });
    assert.equal(changed.status, 200);
    assert.equal((await useKey(created.key)).status, 200);
  });

  test('key survives logout-all', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    assert.equal(
      (await gateway.request('POST', '/api/auth/logout-all', { token: user.token })).status,
      204,
    );
    assert.equal((await useKey(created.key)).status, 200);
  });

  test('admin reset revokes the keys', async () => {
    const user = await gateway.createUser();
    const admin = await gateway.createUser({ role: 'admin' });
    const created = await createKey(user);
    assert.equal((await useKey(created.key)).status, 200);
    const reset = await gateway.request('POST', `/api/admin/users/${user.row.id}/reset-password`, {
      token: admin.token,
    });
    assert.equal(reset.status, 200);
    assert.equal((await useKey(created.key)).status, 401);
    assert.equal((await gateway.request('GET', '/api/auth/me', { token: user.token })).status, 401);
  });

  test('delete revokes at once', async () => {
    const user = await gateway.createUser();
    const created = await createKey(user);
    assert.equal((await useKey(created.key)).status, 200);
    const removed = await gateway.request('DELETE', `/api/user/gateway-keys/${created.id}`, {
      token: user.token,
    });
    assert.equal(removed.status, 204);
    assert.equal((await useKey(created.key)).status, 401);
    const again = await gateway.request<ErrorBody>(
      'DELETE',
      `/api/user/gateway-keys/${created.id}`,
      {
        token: user.token,
      },
    );
    assert.equal(again.status, 404);
  });

  test('another user cannot delete the key', async () => {
    const owner = await gateway.createUser();
    const other = await gateway.createUser();
    const created = await createKey(owner);
    const response = await gateway.request<ErrorBody>(
      'DELETE',
      `/api/user/gateway-keys/${created.id}`,
      {
        token: other.token,
      },
    );
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'not_found');
    assert.equal((await useKey(created.key)).status, 200);
    const list = await gateway.request<KeyView[]>('GET', '/api/user/gateway-keys', {
      token: other.token,
    });
    assert.deepEqual(list.body, []);
  });

  test('bad key id is a validation error', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<ErrorBody>('DELETE', '/api/user/gateway-keys/abc', {
      token: user.token,
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.param, 'id');
  });
});
