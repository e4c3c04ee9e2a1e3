import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatLogItem } from '../../src/admin/chat-log-item.ts';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { chatLogRow, insertChatLogs } from './chat-log-rows.ts';
import { parseCsv } from './csv.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const ZONE = 'America/New_York';

interface Page {
  items: ChatLogItem[];
  page: number;
  size: number;
  total: number;
}

interface ErrorBody {
  error: { code: string; param?: string };
}

// New York is at UTC-5 in December, so its 3 December runs from 05:00Z to 05:00Z.
const EDGES = {
  beforeDay: Date.parse('2026-12-03T04:59:59.999Z'),
  dayStart: Date.parse('2026-12-03T05:00:00.000Z'),
  dayEnd: Date.parse('2026-12-04T04:59:59.999Z'),
  nextDay: Date.parse('2026-12-04T05:00:00.000Z'),
};

const EMAILS = [
  'a_b@x.test',
  'axb@x.test',
  'c%d@x.test',
  'cxd@x.test',
  'Mixed.Case@x.test',
  'e!f@x.test',
];

const CSV_CELLS = {
  formula: '=HYPERLINK("http://example.test")',
  plus: '+1+1',
  minus: '-2',
  at: '@SUM(A1)',
  tab: '\tindented',
  carriageReturn: '\rreturn',
  quoting: 'line one\nline "two", with comma',
};

describeEachDatabase('admin chat logs', (database) => {
  let gateway: TestGateway;
  let adminToken: string;
  let alice: TestUser;

  async function list(query: string): Promise<Page> {
    const response = await gateway.request<Page>('GET', `/api/admin/chat-logs?${query}`, {
      token: adminToken,
    });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  async function rejected(query: string): Promise<ErrorBody['error']> {
    const response = await gateway.request<ErrorBody>('GET', `/api/admin/chat-logs?${query}`, {
      token: adminToken,
    });
    assert.equal(response.status, 400, response.text);
    return response.body.error;
  }

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      env: { USAGE_TIMEZONE: ZONE },
    });
    adminToken = await gateway.adminToken();
    alice = await gateway.createUser();
    const base = Date.parse('2026-11-01T12:00:00Z');
    const rows = [
      ...Object.values(EDGES).map((created_at) =>
        chatLogRow({ created_at, model: 'edge/model' }, ZONE),
      ),
      ...EMAILS.map((user_email, i) =>
        chatLogRow({ created_at: base + i, user_email, model: 'email/model' }, ZONE),
      ),
      ...Object.values(CSV_CELLS).map((prompt, i) =>
        chatLogRow(
          { created_at: base - 1000 + i, prompt, reply: prompt, model: 'csv/model' },
          ZONE,
        ),
      ),
      ...[1, 2, 3].map((i) =>
        chatLogRow(
          {
            created_at: base - 5000 + i,
            user_id: alice.row.id,
            user_email: alice.row.email,
            model: 'own/model',
          },
          ZONE,
        ),
      ),
    ];
    await insertChatLogs(gateway.running.ctx.db, rows);
  });
  after(async () => {
    await gateway.close();
  });

  test('list is newest first with item shape', async () => {
    const page = await list('size=3');
    assert.equal(page.total, 20);
    assert.equal(page.size, 3);
    assert.equal(page.page, 0);
    assert.deepEqual(
      page.items.map((item) => item.createdAt),
      [EDGES.nextDay, EDGES.dayEnd, EDGES.dayStart].map((ms) => new Date(ms).toISOString()),
    );
    const item = page.items[0];
    assert.ok(item !== undefined);
    assert.deepEqual(Object.keys(item).sort(), [
      'completionTokens',
      'cost',
      'createdAt',
      'credential',
      'errorCode',
      'id',
      'latencyMs',
      'model',
      'modelServed',
      'outcome',
      'prompt',
      'promptTokens',
      'reply',
      'source',
      'status',
      'totalTokens',
      'ttftMs',
      'usageEstimated',
      'userEmail',
      'userId',
    ]);
    assert.equal(item.usageEstimated, false);
  });

  test('pages follow each other', async () => {
    const first = await list('size=4&page=0');
    const second = await list('size=4&page=1');
    assert.equal(second.page, 1);
    const ids = [...first.items, ...second.items].map((item) => item.id);
    assert.equal(new Set(ids).size, 8);
  });

  test('size is clamped to 200', async () => {
    assert.equal((await list('size=5000')).size, 200);
    assert.equal((await list('')).size, 20);
  });

  test('model filter is exact', async () => {
    assert.equal((await list('model=email/model')).total, EMAILS.length);
    assert.equal((await list('model=email')).total, 0);
  });

  test('user filter escapes underscore', async () => {
    const page = await list('user=a_b');
    assert.deepEqual(
      page.items.map((item) => item.userEmail),
      ['a_b@x.test'],
    );
  });

  test('user filter escapes percent', async () => {
    const page = await list(`user=${encodeURIComponent('c%d')}`);
    assert.deepEqual(
      page.items.map((item) => item.userEmail),
      ['c%d@x.test'],
    );
  });

  test('user filter matches the escape character', async () => {
    const page = await list(`user=${encodeURIComponent('e!f')}`);
    assert.deepEqual(
      page.items.map((item) => item.userEmail),
      ['e!f@x.test'],
    );
  });

  test('user filter ignores case', async () => {
    const page = await list('user=MIXED.case');
    assert.deepEqual(
      page.items.map((item) => item.userEmail),
      ['Mixed.Case@x.test'],
    );
  });

  test('a date covers the whole zone day', async () => {
    const page = await list('model=edge/model&from=2026-12-03&to=2026-12-03');
    assert.deepEqual(
      page.items.map((item) => Date.parse(item.createdAt)),
      [EDGES.dayEnd, EDGES.dayStart],
    );
  });

  test('date-time from is inclusive, to exclusive', async () => {
    const from = encodeURIComponent(new Date(EDGES.dayStart).toISOString());
    const to = encodeURIComponent(new Date(EDGES.nextDay).toISOString());
    const page = await list(`model=edge/model&from=${from}&to=${to}`);
    assert.deepEqual(
      page.items.map((item) => Date.parse(item.createdAt)),
      [EDGES.dayEnd, EDGES.dayStart],
    );
  });

  test('date-time with an offset', async () => {
    const page = await list(
      `model=edge/model&from=${encodeURIComponent('2026-12-04T00:00:00-05:00')}`,
    );
    assert.deepEqual(
      page.items.map((item) => Date.parse(item.createdAt)),
      [EDGES.nextDay],
    );
  });

  test('bad filter values name their param', async () => {
    assert.equal((await rejected('from=2026-13-01')).param, 'from');
    assert.equal((await rejected('to=yesterday')).param, 'to');
    assert.equal((await rejected('from=2026-12-01T10:00:00')).param, 'from');
    assert.equal((await rejected('from=2026-12-05&to=2026-12-01')).param, 'to');
    assert.equal((await rejected('page=-1')).param, 'page');
    const error = await rejected('size=ten');
    assert.equal(error.param, 'size');
    assert.equal(error.code, 'validation_failed');
  });

  test('own requests show only the caller', async () => {
    const response = await gateway.request<Page>('GET', '/api/user/requests?size=2', {
      token: alice.token,
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.total, 3);
    assert.equal(response.body.items.length, 2);
    assert.ok(response.body.items.every((item) => item.userId === alice.row.id));
  });

  test('chat logs are for admins only', async () => {
    const listed = await gateway.request('GET', '/api/admin/chat-logs', { token: alice.token });
    assert.equal(listed.status, 403);
    const exported = await gateway.request('GET', '/api/admin/chat-logs/export', {
      token: alice.token,
    });
    assert.equal(exported.status, 403);
  });

  test('export headers and fixed columns', async () => {
    const response = await gateway.request('GET', '/api/admin/chat-logs/export?model=edge/model', {
      token: adminToken,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      response.headers.get('content-disposition') ?? '',
      /^attachment; filename="chat-logs-.+\.csv"$/,
    );
    assert.ok(response.text.endsWith('\r\n'));
    const rows = parseCsv(response.text);
    assert.deepEqual(rows[0], [
      'id',
      'createdAt',
      'userEmail',
      'model',
      'outcome',
      'errorCode',
      'promptTokens',
      'completionTokens',
      'cost',
      'latencyMs',
      'ttftMs',
      'prompt',
      'reply',
    ]);
    assert.equal(rows.length, 5);
    assert.equal(rows[1]?.[1], new Date(EDGES.nextDay).toISOString());
  });

  test('export filters like the list', async () => {
    const response = await gateway.request(
      'GET',
      '/api/admin/chat-logs/export?model=edge/model&from=2026-12-03&to=2026-12-03',
      {
        token: adminToken,
      },
    );
    assert.equal(parseCsv(response.text).length, 3);
    const bad = await gateway.request<ErrorBody>('GET', '/api/admin/chat-logs/export?to=never', {
      token: adminToken,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'to');
  });

  test('export neutralizes formula cells', async () => {
    const response = await gateway.request('GET', '/api/admin/chat-logs/export?model=csv/model', {
      token: adminToken,
    });
    const prompts = parseCsv(response.text)
      .slice(1)
      .map((row) => row[11]);
    const expected = Object.values(CSV_CELLS)
      .map((cell) => (cell === CSV_CELLS.quoting ? cell : `'${cell}`))
      .reverse();
    assert.deepEqual(prompts, expected);
  });

  test('export quotes commas, quotes and line breaks', async () => {
    const response = await gateway.request('GET', '/api/admin/chat-logs/export?model=csv/model', {
      token: adminToken,
    });
    assert.ok(response.text.includes('"line one\nline ""two"", with comma"'));
  });
});
