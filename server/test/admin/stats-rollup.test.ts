import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays, dayOf } from '../../src/admin/calendar-day.ts';
import type { GatewayStats as Stats } from '../../src/admin/stats.ts';
import { materialiseDay, materialiseMissingDays } from '../../src/admin/stats-materialiser.ts';
import { withRollup } from '../../src/admin/stats-rollup.ts';
import type { Db } from '../../src/storage/database.ts';
import type { NewChatLog } from '../../src/storage/schema.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { chatLogRow, insertChatLogs } from './chat-log-rows.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const ZONE = 'America/New_York';
// 22:00 on 3 December in New York.
const NOW = Date.parse('2026-12-04T03:00:00Z');
const DAY_MS = 86_400_000;
const TODAY = dayOf(NOW, ZONE);
const FIRST_DAY = addDays(TODAY, -29);
const MODELS = ['acme/alpha:free', 'acme/bravo:free', 'acme/charlie:free', 'acme/delta:free'];
const OUTCOMES = ['ok', 'upstream_error', 'ok', 'client_aborted', 'ok', 'timeout', 'ok'];

interface Author {
  id: number | null;
  email: (index: number) => string;
}

/** Rows on each of the last 35 days: four authors (one without a user id), four models. */
function chatLogsOver35Days(authors: Author[]): NewChatLog[] {
  const rows: NewChatLog[] = [];
  let index = 0;
  for (let daysAgo = 0; daysAgo < 35; daysAgo += 1) {
    for (let slot = 0; slot < 4 + (daysAgo % 5); slot += 1) {
      // Weights 4:3:2:1 for the authors and 6:4:3:2 for the models keep the top lists free of ties.
      const author = authors[[0, 0, 0, 0, 1, 1, 1, 2, 2, 3][index % 10] ?? 0];
      const model = MODELS[[0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3][(index * 7) % 15] ?? 0];
      rows.push(
        chatLogRow(
          {
            created_at: NOW - daysAgo * DAY_MS - slot * 600_000,
            user_id: author?.id ?? null,
            user_email: author?.email(index) ?? '',
            model: model ?? '',
            outcome: OUTCOMES[index % OUTCOMES.length] ?? 'ok',
            total_tokens: 10 + (index % 13),
            latency_ms: 10 * ((index * 17) % 50) + 5,
          },
          ZONE,
        ),
      );
      index += 1;
    }
  }
  return rows;
}

/** The figures computed in plain code from the rows, as the route must return them. */
function expectedStats(rows: NewChatLog[], users: Stats['users']): Stats {
  const inWindow = rows.filter((row) => row.day >= FIRST_DAY && row.day <= TODAY);
  const isError = (row: NewChatLog) => row.outcome !== 'ok' && row.outcome !== 'client_aborted';
  const daily: Stats['daily'] = [];
  for (let day = FIRST_DAY; day <= TODAY; day = addDays(day, 1)) {
    const ofDay = inWindow.filter((row) => row.day === day);
    daily.push({
      day,
      requests: ofDay.length,
      tokens: ofDay.reduce((sum, row) => sum + row.total_tokens, 0),
      errors: ofDay.filter(isError).length,
    });
  }
  const latencies = inWindow
    .filter((row) => row.day === TODAY)
    .map((row) => row.latency_ms)
    .sort((a, b) => a - b);
  const rank = (share: number) => latencies[Math.ceil(latencies.length * share) - 1] ?? null;
  const last = daily.at(-1) ?? { requests: 0, tokens: 0, errors: 0 };
  return {
    users,
    today: {
      requests: last.requests,
      tokens: last.tokens,
      errors: last.errors,
      latencyP50Ms: rank(0.5),
      latencyP95Ms: rank(0.95),
    },
    daily,
    topModels: ranked(inWindow, (row) => row.model).map((entry) => ({
      modelId: entry.key,
      requests: entry.requests,
      tokens: entry.tokens,
    })),
    topUsers: ranked(inWindow, (row) => row.user_id ?? null).map((entry) => ({
      userId: entry.key,
      email: entry.email,
      requests: entry.requests,
      tokens: entry.tokens,
    })),
  };
}

function ranked<K>(rows: NewChatLog[], keyOf: (row: NewChatLog) => K) {
  const groups = new Map<K, { key: K; email: string; requests: number; tokens: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { key, email: '', requests: 0, tokens: 0 };
    group.requests += 1;
    group.tokens += row.total_tokens;
    if (row.user_email > group.email) group.email = row.user_email;
    groups.set(key, group);
  }
  const entries = [...groups.values()].sort((a, b) => b.requests - a.requests);
  const counts = entries.map((entry) => entry.requests);
  assert.equal(new Set(counts).size, counts.length, 'the fixture has ties in a top list');
  return entries.slice(0, 10);
}

async function rollupRows(db: Db) {
  return withRollup(db)
    .selectFrom('chat_stats_daily')
    .selectAll()
    .orderBy('day')
    .orderBy('user_id')
    .orderBy('model')
    .execute()
    .then((rows) =>
      rows.map((row) => ({
        ...row,
        user_id: Number(row.user_id),
        requests: Number(row.requests),
        tokens: Number(row.tokens),
        errors: Number(row.errors),
      })),
    );
}

async function markedDays(db: Db): Promise<string[]> {
  const rows = await withRollup(db)
    .selectFrom('chat_stats_days')
    .select('day')
    .orderBy('day')
    .execute();
  return rows.map((row) => row.day);
}

describeEachDatabase('admin stats rollup', (database) => {
  let gateway: TestGateway;
  let db: Db;
  let adminToken: string;
  let rows: NewChatLog[];
  let expected: Stats;

  const stats = async () => {
    const response = await gateway.request<Stats>('GET', '/api/admin/stats', { token: adminToken });
    assert.equal(response.status, 200);
    return response.body;
  };

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      env: { USAGE_TIMEZONE: ZONE },
      now: () => NOW,
    });
    await gateway.ready();
    db = gateway.running.ctx.db;
    adminToken = await gateway.adminToken();
    const [alice, bob, carol] = [
      await gateway.createUser(),
      await gateway.createUser(),
      await gateway.createUser(),
    ];
    const fixed = (email: string) => () => email;
    rows = chatLogsOver35Days([
      { id: alice.row.id, email: fixed(alice.row.email) },
      { id: bob.row.id, email: fixed(bob.row.email) },
      { id: carol.row.id, email: fixed(carol.row.email) },
      { id: null, email: (index) => `key-${index % 3}@example.test` },
    ]);
    await insertChatLogs(db, rows);
    expected = expectedStats(rows, { total: 4, active: 4 });
  });
  after(async () => {
    await gateway.close();
  });

  test('start-up run materialises the finished days', async () => {
    const [record] = gateway.logs.records('chat stats rollup run finished');
    assert.equal(record?.days, 28);
    assert.equal(typeof record?.durationMs, 'number');
    assert.deepEqual(
      await markedDays(db),
      expected.daily.slice(0, 28).map((day) => day.day),
    );
    // Those days were summed before the rows above existed: forget them.
    await withRollup(db).deleteFrom('chat_stats_daily').execute();
    await withRollup(db).deleteFrom('chat_stats_days').execute();
  });

  test('stats from chat logs alone match the rows', async () => {
    assert.deepEqual(await stats(), expected);
  });

  test('materialised stats equal the chat-log stats', async () => {
    const run = await materialiseMissingDays(db, NOW, ZONE);
    assert.equal(run.days, 28);
    assert.deepEqual(
      await markedDays(db),
      expected.daily.slice(0, 28).map((day) => day.day),
    );
    const rolled = await rollupRows(db);
    assert.ok(
      rolled.some((row) => row.user_id === 0),
      'rows without a user are stored as 0',
    );
    assert.ok(rolled.every((row) => row.day >= FIRST_DAY && row.day < addDays(TODAY, -1)));
    assert.deepEqual(await stats(), expected);
  });

  test('materialising a day again changes nothing', async () => {
    const first = await rollupRows(db);
    for (const { day } of expected.daily.slice(0, 28)) await materialiseDay(db, day, NOW + 1);
    assert.deepEqual(await rollupRows(db), first);
    assert.equal((await materialiseMissingDays(db, NOW, ZONE)).days, 0);
    assert.deepEqual(await stats(), expected);
  });

  test('yesterday stays open to late rows', async () => {
    const yesterday = addDays(TODAY, -1);
    const late = chatLogRow({ created_at: NOW - DAY_MS - 60_000, total_tokens: 3 }, ZONE);
    assert.equal(late.day, yesterday);
    await insertChatLogs(db, [late]);
    rows.push(late);
    expected = expectedStats(rows, expected.users);
    assert.equal((await materialiseMissingDays(db, NOW, ZONE)).days, 0);
    assert.deepEqual(await stats(), expected);
  });

  test('materialised days outlive their chat logs', async () => {
    const day = addDays(TODAY, -10);
    const before = await stats();
    assert.ok((before.daily.find((entry) => entry.day === day)?.requests ?? 0) > 0);
    await db.deleteFrom('chat_logs').where('day', '=', day).execute();
    assert.deepEqual(await stats(), before);
  });
});
