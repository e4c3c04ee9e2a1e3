import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { chatLogRow, insertChatLogs } from './chat-log-rows.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const ZONE = 'America/New_York';
// 03:00 UTC on 4 December is still 3 December in New York.
const NOW = Date.parse('2026-12-04T03:00:00Z');
const HOUR = 3_600_000;

interface Stats {
  users: { total: number; active: number };
  today: {
    requests: number;
    tokens: number;
    errors: number;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  };
  daily: Array<{ day: string; requests: number; tokens: number; errors: number }>;
  topModels: Array<{ modelId: string; requests: number; tokens: number }>;
  topUsers: Array<{ userId: number | null; email: string; requests: number; tokens: number }>;
}

describeEachDatabase('admin stats', (database) => {
  let gateway: TestGateway;
  let adminToken: string;
  let alice: TestUser;

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      env: { USAGE_TIMEZONE: ZONE },
      now: () => NOW,
    });
    adminToken = await gateway.adminToken();
    alice = await gateway.createUser();
    const bob = await gateway.createUser();
    await gateway.request('PUT', `/api/admin/users/${bob.row.id}/status`, {
      token: adminToken,
      body: { status: 'disabled' },
    });
    const rows = [];
    // Today in New York: 20 rows with latencies 10..200 ms, 3 of them errors, one client abort.
    for (let i = 1; i <= 20; i += 1) {
      const outcome = i <= 3 ? 'upstream_error' : i === 4 ? 'client_aborted' : 'ok';
      rows.push(
        chatLogRow(
          {
            created_at: NOW - i * 60_000,
            latency_ms: i * 10,
            outcome,
            user_id: alice.row.id,
            user_email: alice.row.email,
            model: i % 2 === 0 ? 'b/model:free' : 'a/model:free',
            total_tokens: 5,
          },
          ZONE,
        ),
      );
    }
    // Yesterday (New York), five hours before "now": one row for bob.
    rows.push(
      chatLogRow(
        {
          created_at: NOW - 5 * HOUR - 24 * HOUR,
          user_id: bob.row.id,
          user_email: bob.row.email,
          total_tokens: 7,
        },
        ZONE,
      ),
    );
    // 40 days ago: outside the window.
    rows.push(chatLogRow({ created_at: NOW - 40 * 24 * HOUR, total_tokens: 1000 }, ZONE));
    await insertChatLogs(gateway.running.ctx.db, rows);
  });
  after(async () => {
    await gateway.close();
  });

  test('stats count users', async () => {
    const response = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.users, { total: 3, active: 2 });
  });

  test('today uses the usage time zone', async () => {
    const { body } = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.equal(body.today.requests, 20);
    assert.equal(body.today.tokens, 100);
    assert.equal(body.today.errors, 3);
  });

  test('latency percentiles by nearest rank', async () => {
    const { body } = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.equal(body.today.latencyP50Ms, 100);
    assert.equal(body.today.latencyP95Ms, 190);
  });

  test('daily has thirty zero-filled days', async () => {
    const { body } = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.equal(body.daily.length, 30);
    assert.equal(body.daily[0]?.day, '2026-11-04');
    assert.equal(body.daily[29]?.day, '2026-12-03');
    assert.deepEqual(body.daily[28], { day: '2026-12-02', requests: 1, tokens: 7, errors: 0 });
    assert.deepEqual(body.daily[10], { day: '2026-11-14', requests: 0, tokens: 0, errors: 0 });
    assert.equal(
      body.daily.reduce((sum, day) => sum + day.requests, 0),
      21,
    );
  });

  test('top models and users', async () => {
    const { body } = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.deepEqual(body.topModels.slice(0, 2), [
      { modelId: 'a/model:free', requests: 10, tokens: 50 },
      { modelId: 'b/model:free', requests: 10, tokens: 50 },
    ]);
    assert.deepEqual(body.topUsers[0], {
      userId: alice.row.id,
      email: alice.row.email,
      requests: 20,
      tokens: 100,
    });
    assert.equal(body.topUsers.length, 2);
  });

  test('stats are for admins only', async () => {
    const response = await gateway.request('GET', '/api/admin/stats', { token: alice.token });
    assert.equal(response.status, 403);
  });
});

test('stats without rows are zeros and nulls', async () => {
  const gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM });
  try {
    const { body } = await gateway.request<Stats>('GET', '/api/admin/stats', {
      token: await gateway.adminToken(),
    });
    assert.deepEqual(body.today, {
      requests: 0,
      tokens: 0,
      errors: 0,
      latencyP50Ms: null,
      latencyP95Ms: null,
    });
    assert.equal(body.daily.length, 30);
    assert.deepEqual(body.topModels, []);
  } finally {
    await gateway.close();
  }
});
