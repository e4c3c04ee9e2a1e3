import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AdminUserRow } from '../../src/admin/admin-user-row.ts';
import {
  displayPrefix,
  generateGatewayKey,
  hashGatewayKey,
} from '../../src/keys/gateway-key-format.ts';
import { TEST_ADMIN_EMAIL, TestGateway, type TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { chatLogRow, insertChatLogs } from './chat-log-rows.ts';

// No upstream call is made here, so a closed loopback port is the upstream.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

interface ErrorBody {
  error: { code: string; param?: string };
}

describeEachDatabase('admin users', (database) => {
  let gateway: TestGateway;
  let adminToken: string;
  let adminId: number;

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM, database });
    adminToken = await gateway.adminToken();
    const me = await gateway.request<{ id: number }>('GET', '/api/auth/me', { token: adminToken });
    adminId = me.body.id;
  });
  after(async () => {
    await gateway.close();
  });

  function send<T = AdminUserRow>(
    method: string,
    path: string,
    body?: unknown,
    token = adminToken,
  ) {
    return gateway.request<T>(method, path, { token, ...(body === undefined ? {} : { body }) });
  }

  test('create returns the admin row', async () => {
    const response = await send('POST', '/api/admin/users', {
      email: ' New.Person@Example.test ',
      password: 'long-enough-password',
      role: 'admin',
    });
    assert.equal(response.status, 201, response.text);
    assert.equal(response.body.email, 'new.person@example.test');
    assert.equal(response.body.role, 'admin');
    assert.equal(response.body.requestsPerMinute, null);
    assert.equal(response.body.requestsToday, 0);
    assert.equal(response.body.hasApiKey, false);
    const login = await gateway.request('POST', '/api/auth/login', {
      body: { email: 'new.person@example.test', password: 'long-enough-password' },
    });
    assert.equal(login.status, 200);
  });

  test('create rejects a taken email', async () => {
    const response = await send<ErrorBody>('POST', '/api/admin/users', {
      email: TEST_ADMIN_EMAIL,
      password: 'long-enough-password',
    });
    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, 'email_taken');
  });

  test('create validates email and password', async () => {
    const badEmail = await send<ErrorBody>('POST', '/api/admin/users', {
      email: 'no at sign',
      password: 'long-enough-password',
    });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.body.error.param, 'email');
    const shortPassword = await send<ErrorBody>('POST', '/api/admin/users', {
      email: 'short@x.test',
      password: 'short',
    });
    assert.equal(shortPassword.body.error.param, 'password');
    const badRole = await send<ErrorBody>('POST', '/api/admin/users', {
      email: 'role@x.test',
      password: 'long-enough-password',
      role: 'owner',
    });
    assert.equal(badRole.status, 400);
  });

  test('list searches, paginates and counts today', async () => {
    const user = await gateway.createUser({ email: 'findme_1@search.test' });
    await gateway.createUser({ email: 'findmex1@search.test' });
    const { ctx } = gateway.running;
    const today = new Date(ctx.now()).toISOString().slice(0, 10);
    await ctx.db
      .insertInto('usage_daily')
      .values([
        { user_id: user.row.id, model_id: 'a', day: today, requests: 3, total_tokens: 10 },
        { user_id: user.row.id, model_id: 'b', day: today, requests: 2, total_tokens: 10 },
        { user_id: user.row.id, model_id: 'a', day: '2000-01-01', requests: 50, total_tokens: 10 },
      ])
      .execute();
    const response = await send<{ items: AdminUserRow[]; total: number; size: number }>(
      'GET',
      '/api/admin/users?q=FINDME_&size=5',
    );
    assert.equal(response.status, 200);
    assert.equal(response.body.total, 1);
    assert.equal(response.body.items[0]?.email, 'findme_1@search.test');
    assert.equal(response.body.items[0]?.requestsToday, 5);
    const paged = await send<{ items: AdminUserRow[]; total: number; size: number }>(
      'GET',
      '/api/admin/users?size=1&page=1',
    );
    assert.equal(paged.body.items.length, 1);
    assert.ok(paged.body.total >= 4);
  });

  test('role change is immediate', async () => {
    const user = await gateway.createUser({ role: 'admin' });
    assert.equal((await send('GET', '/api/admin/stats', undefined, user.token)).status, 200);
    const response = await send('PUT', `/api/admin/users/${user.row.id}/role`, { role: 'user' });
    assert.equal(response.status, 200);
    assert.equal(response.body.role, 'user');
    assert.equal((await send('GET', '/api/admin/stats', undefined, user.token)).status, 403);
  });

  test('disable revokes at once and stays revoked', async () => {
    const user = await gateway.createUser();
    assert.equal((await send('GET', '/api/auth/me', undefined, user.token)).status, 200);
    const disabled = await send('PUT', `/api/admin/users/${user.row.id}/status`, {
      status: 'disabled',
    });
    assert.equal(disabled.body.status, 'disabled');
    assert.equal((await send('GET', '/api/auth/me', undefined, user.token)).status, 401);
    await send('PUT', `/api/admin/users/${user.row.id}/status`, { status: 'active' });
    assert.equal((await send('GET', '/api/auth/me', undefined, user.token)).status, 401);
  });

  test('admin cannot demote, disable or delete themself', async () => {
    const demote = await send<ErrorBody>('PUT', `/api/admin/users/${adminId}/role`, {
      role: 'user',
    });
    assert.equal(demote.status, 409);
    assert.equal(demote.body.error.code, 'self_change_forbidden');
    const disable = await send<ErrorBody>('PUT', `/api/admin/users/${adminId}/status`, {
      status: 'disabled',
    });
    assert.equal(disable.body.error.code, 'self_change_forbidden');
    const remove = await send<ErrorBody>('DELETE', `/api/admin/users/${adminId}`);
    assert.equal(remove.body.error.code, 'self_change_forbidden');
  });

  test('admins demoting each other keep one admin', async () => {
    const first = await gateway.createUser({ role: 'admin' });
    const second = await gateway.createUser({ role: 'admin' });
    // Leave exactly these two active admins.
    await gateway.running.ctx.db
      .updateTable('users')
      .set({ role: 'user' })
      .where('role', '=', 'admin')
      .where('id', 'not in', [first.row.id, second.row.id])
      .execute();
    gateway.running.ctx.users.forget(adminId);
    const [one, two] = await Promise.all([
      send<ErrorBody>(
        'PUT',
        `/api/admin/users/${second.row.id}/role`,
        { role: 'user' },
        first.token,
      ),
      send<ErrorBody>(
        'PUT',
        `/api/admin/users/${first.row.id}/role`,
        { role: 'user' },
        second.token,
      ),
    ]);
    const statuses = [one.status, two.status].sort();
    assert.equal(statuses[0], 200);
    assert.ok([403, 409].includes(statuses[1] ?? 0), `second answer ${statuses[1]}`);
    const loser = one.status === 200 ? two : one;
    if (loser.status === 409) assert.equal(loser.body.error.code, 'last_admin');
    const activeAdmins = await gateway.running.ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    assert.equal(activeAdmins.length, 1);
    // Restore the first-run admin for the rest of the suite.
    await gateway.running.ctx.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', adminId)
      .execute();
    gateway.running.ctx.users.forget(adminId);
  });

  test('last_admin when the actor is no longer an active admin', async () => {
    const actor = await gateway.createUser({ role: 'admin' });
    // The actor's own account was demoted on another instance; this one still
    // has it cached as admin, so the request reaches the last-admin check.
    await gateway.running.ctx.users.get(actor.row.id);
    await gateway.running.ctx.db
      .updateTable('users')
      .set({ role: 'user' })
      .where('id', '<>', adminId)
      .execute();
    const response = await send<ErrorBody>(
      'PUT',
      `/api/admin/users/${adminId}/status`,
      { status: 'disabled' },
      actor.token,
    );
    gateway.running.ctx.users.forget(actor.row.id);
    assert.equal(response.status, 409, response.text);
    assert.equal(response.body.error.code, 'last_admin');
    const removal = await send<ErrorBody>(
      'DELETE',
      `/api/admin/users/${adminId}`,
      undefined,
      actor.token,
    );
    assert.ok([403, 409].includes(removal.status));
  });

  test('unknown user id is 404', async () => {
    for (const [method, path, body] of [
      ['PUT', '/api/admin/users/999999/role', { role: 'user' }],
      ['PUT', '/api/admin/users/999999/status', { status: 'active' }],
      ['POST', '/api/admin/users/999999/reset-password', undefined],
      ['DELETE', '/api/admin/users/999999', undefined],
    ] as const) {
      const response = await send<ErrorBody>(method, path, body);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.body.error.code, 'not_found');
    }
  });

  test('reset revokes tokens and gateway keys', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    const key = generateGatewayKey();
    await ctx.db
      .insertInto('gateway_keys')
      .values({
        user_id: user.row.id,
        name: 'ci',
        prefix: displayPrefix(key),
        key_hash: hashGatewayKey(key),
        created_at: ctx.now(),
        last_used_at: null,
        expires_at: null,
      })
      .execute();
    assert.notEqual(await ctx.gatewayKeys.findByKey(key), undefined);
    const response = await send<{ temporaryPassword: string }>(
      'POST',
      `/api/admin/users/${user.row.id}/reset-password`,
    );
    assert.equal(response.status, 200);
    assert.equal(typeof response.body.temporaryPassword, 'string');
    assert.equal((await send('GET', '/api/auth/me', undefined, user.token)).status, 401);
    assert.equal(await ctx.gatewayKeys.findByKey(key), undefined);
    const login = await gateway.request<{ token: string; user: { mustChangePassword: boolean } }>(
      'POST',
      '/api/auth/login',
      {
        body: { email: user.row.email, password: response.body.temporaryPassword },
      },
    );
    assert.equal(login.status, 200);
    assert.equal(login.body.user.mustChangePassword, true);
  });

  test('delete removes user data and keeps log emails', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    const now = ctx.now();
    await ctx.db
      .insertInto('conversations')
      .values({
        user_id: user.row.id,
        model_id: 'm',
        title: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const conversation = await ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('user_id', '=', user.row.id)
      .executeTakeFirstOrThrow();
    const conversationId = Number(conversation.id);
    await ctx.db
      .insertInto('conversation_messages')
      .values({
        conversation_id: conversationId,
        role: 'user',
        content: 'hi',
        status: 'complete',
        prompt_tokens: null,
        completion_tokens: null,
        total_tokens: null,
        created_at: now,
      })
      .execute();
    await ctx.db
      .insertInto('provider_keys')
      .values({
        user_id: user.row.id,
        ciphertext: 'x',
        nonce: 'y',
        last4: 'abcd',
        verified: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.db
      .insertInto('usage_daily')
      .values({
        user_id: user.row.id,
        model_id: 'm',
        day: '2026-12-01',
        requests: 1,
        total_tokens: 1,
      })
      .execute();
    await ctx.db
      .insertInto('user_model_preferences')
      .values({ user_id: user.row.id, model_row_id: 1, enabled: 1, updated_at: now })
      .execute();
    await insertChatLogs(ctx.db, [
      chatLogRow({ created_at: now, user_id: user.row.id, user_email: user.row.email }),
    ]);

    const listed = await send<{ items: AdminUserRow[] }>(
      'GET',
      `/api/admin/users?q=${encodeURIComponent(user.row.email)}`,
    );
    assert.equal(listed.body.items[0]?.hasApiKey, true);
    const response = await send('DELETE', `/api/admin/users/${user.row.id}`);
    assert.equal(response.status, 204);
    assert.equal((await send('GET', '/api/auth/me', undefined, user.token)).status, 401);
    for (const table of [
      'conversations',
      'provider_keys',
      'usage_daily',
      'user_model_preferences',
      'gateway_keys',
    ] as const) {
      const rows = await ctx.db
        .selectFrom(table)
        .select('user_id')
        .where('user_id', '=', user.row.id)
        .execute();
      assert.equal(rows.length, 0, table);
    }
    const messages = await ctx.db
      .selectFrom('conversation_messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .execute();
    assert.equal(messages.length, 0);
    const logs = await send<{ items: Array<{ userEmail: string }> }>(
      'GET',
      `/api/admin/chat-logs?user=${encodeURIComponent(user.row.email)}`,
    );
    assert.deepEqual(
      logs.body.items.map((item) => item.userEmail),
      [user.row.email],
    );
  });

  test('disable reaches another instance within 1 s', async () => {
    const user = await gateway.createUser();
    const other = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      reuse: { database: gateway.database, dataDir: gateway.dataDir },
    });
    try {
      assert.equal((await other.request('GET', '/api/auth/me', { token: user.token })).status, 200);
      await send('PUT', `/api/admin/users/${user.row.id}/status`, { status: 'disabled' });
      const disabledAt = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - disabledAt < 4000) {
        status = (await other.request('GET', '/api/auth/me', { token: user.token })).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(status, 401);
      // The cache keeps an entry for 1 s; allow for the polling interval and a busy machine.
      assert.ok(
        Date.now() - disabledAt < 2500,
        `still accepted after ${Date.now() - disabledAt} ms`,
      );
    } finally {
      await other.close({ keepData: true });
    }
  });

  test('user routes are for admins only', async () => {
    const user: TestUser = await gateway.createUser();
    assert.equal((await send('GET', '/api/admin/users', undefined, user.token)).status, 403);
    assert.equal(
      (await send('DELETE', `/api/admin/users/${user.row.id}`, undefined, user.token)).status,
      403,
    );
  });
});
