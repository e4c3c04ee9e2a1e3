import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator } from '../../../emulator/src/index.ts';
import { AppError } from '../../src/http/errors.ts';
import type { TestUser } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL, LimitsFixture } from './limits-fixture.ts';

const CONCURRENT = 50;
const LIMIT = 5;

describeEachDatabase('daily quota', (kind) => {
  let fixture: LimitsFixture;
  let user: TestUser;

  before(async () => {
    fixture = await LimitsFixture.start({ database: kind });
  });
  after(async () => {
    await fixture?.close();
  });
  beforeEach(async () => {
    await fixture.resetEmulator();
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, null, null);
    user = await fixture.gateway.createUser();
  });

  test('quota holds under 50 concurrent requests', async () => {
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, LIMIT);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => fixture.chat(user.token)),
    );
    const ok = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    assert.equal(ok.length, LIMIT);
    assert.equal(refused.length, CONCURRENT - LIMIT);
    for (const response of refused) {
      assert.equal(response.body.error.code, 'daily_limit_exceeded');
      assert.equal(response.body.error.type, 'rate_limit_error');
      assert.ok(Number(response.headers.get('retry-after')) > 0);
      assert.ok(!Number.isNaN(Date.parse(response.body.error.resetAt ?? '')));
    }
    assert.equal(await fixture.upstreamChats(), LIMIT);
    assert.equal(await fixture.requestsToday(user), LIMIT);
  });

  test('reserveDaily holds under 50 concurrent calls', async () => {
    await fixture.setLimit(EMULATOR_TOOLS_MODEL, LIMIT);
    const { admission } = fixture.gateway.running.ctx;
    const results = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, () =>
        admission.reserveDaily(user.row, EMULATOR_TOOLS_MODEL),
      ),
    );
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, LIMIT);
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      assert.ok(result.reason instanceof AppError);
      assert.equal(result.reason.code, 'daily_limit_exceeded');
    }
    assert.equal(await fixture.requestsToday(user, EMULATOR_TOOLS_MODEL), LIMIT);
    await fixture.setLimit(EMULATOR_TOOLS_MODEL, null, null);
  });

  test('every request counts without a limit', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await fixture.chat(user.token)).status, 200);
    const usage = await fixture.usage(user);
    const row = usage.models.find((model) => model.modelId === EMULATOR_PLAIN_MODEL);
    assert.equal(row?.requests, 3);
    assert.ok((row?.totalTokens ?? 0) >= 3 * 64, `tokens counted: ${row?.totalTokens}`);
    assert.equal(row?.maxRequestsPerDay, null);
  });

  test('limit set mid-day applies to the count so far', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await fixture.chat(user.token)).status, 200);
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 2);
    assert.equal((await fixture.chat(user.token)).status, 429);
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 4);
    assert.equal((await fixture.chat(user.token)).status, 200);
    assert.equal((await fixture.chat(user.token)).status, 429);
    assert.equal(await fixture.requestsToday(user), 4);
  });

  test('quota is per user', async () => {
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 1);
    const other = await fixture.gateway.createUser();
    assert.equal((await fixture.chat(user.token)).status, 200);
    assert.equal((await fixture.chat(user.token)).status, 429);
    assert.equal((await fixture.chat(other.token)).status, 200);
  });

  test('quota counts the model as requested', async () => {
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 1);
    assert.equal((await fixture.chat(user.token, { models: [EMULATOR_TOOLS_MODEL] })).status, 200);
    assert.equal(await fixture.requestsToday(user, EMULATOR_PLAIN_MODEL), 1);
    assert.equal(await fixture.requestsToday(user, EMULATOR_TOOLS_MODEL), 0);
    assert.equal((await fixture.chat(user.token)).status, 429);
    assert.equal((await fixture.chat(user.token, { model: EMULATOR_TOOLS_MODEL })).status, 200);
  });

  test('token limit refuses once reached', async () => {
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, null, 10);
    assert.equal((await fixture.chat(user.token)).status, 200);
    const refused = await fixture.chat(user.token);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'daily_limit_exceeded');
    const usage = await fixture.usage(user);
    const row = usage.models.find((model) => model.modelId === EMULATOR_PLAIN_MODEL);
    // The one admitted request overshoots the limit by its own tokens, no more.
    assert.equal(row?.requests, 1);
    assert.ok((row?.totalTokens ?? 0) > 10);
    assert.equal(row?.maxTokensPerDay, 10);
  });

  test('upstream error status is not counted', async () => {
    for (const status of [500, 429, 400]) {
      await fixture.scenario({ status });
      const response = await fixture.chat(user.token);
      assert.notEqual(response.status, 200, `upstream ${status}`);
    }
    assert.equal(await fixture.upstreamChats(), 3);
    assert.equal(await fixture.requestsToday(user), 0);
  });

  test('gateway refusals are not counted', async () => {
    assert.equal((await fixture.chat(user.token, { messages: [] })).status, 400);
    assert.equal((await fixture.chat(user.token, { model: 'example/orbit-70b:free' })).status, 403);
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    assert.equal((await fixture.chat(user.token, { tools })).status, 400);
    assert.equal(await fixture.requestsToday(user), 0);
    assert.equal(await fixture.upstreamChats(), 0);
  });

  test('client abort is counted', async () => {
    await fixture.scenario({ match: { stream: true }, chunkDelayMs: 200 });
    const controller = new AbortController();
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: EMULATOR_PLAIN_MODEL,
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    assert.equal(response.status, 200);
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await reader?.cancel().catch(() => undefined);
    const deadline = Date.now() + 5000;
    let requests = 0;
    let tokens = 0;
    while (Date.now() < deadline) {
      const row = (await fixture.usage(user)).models.find(
        (model) => model.modelId === EMULATOR_PLAIN_MODEL,
      );
      requests = row?.requests ?? 0;
      tokens = row?.totalTokens ?? 0;
      if (tokens > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(requests, 1);
    assert.ok(tokens > 0, 'tokens of the cut stream are counted');
  });

  test('internal tokens take no request unit', async () => {
    const { admission } = fixture.gateway.running.ctx;
    await admission.addInternalTokens(user.row, EMULATOR_TOOLS_MODEL, 40);
    await admission.addInternalTokens(user.row, EMULATOR_TOOLS_MODEL, 2);
    const row = (await fixture.usage(user)).models.find(
      (model) => model.modelId === EMULATOR_TOOLS_MODEL,
    );
    assert.equal(row?.requests, 0);
    assert.equal(row?.totalTokens, 42);
  });

  test('deleted usage row is re-created and still limits', async () => {
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 2);
    assert.equal((await fixture.chat(user.token)).status, 200);
    const { db } = fixture.gateway.running.ctx;
    await db.deleteFrom('usage_daily').where('user_id', '=', user.row.id).execute();
    assert.equal((await fixture.chat(user.token)).status, 200);
    assert.equal((await fixture.chat(user.token)).status, 200);
    assert.equal((await fixture.chat(user.token)).status, 429);
    assert.equal(await fixture.requestsToday(user), 2);
  });

  test('internal tokens re-create a deleted usage row', async () => {
    const { admission, db } = fixture.gateway.running.ctx;
    await admission.addInternalTokens(user.row, EMULATOR_TOOLS_MODEL, 5);
    await db.deleteFrom('usage_daily').where('user_id', '=', user.row.id).execute();
    await admission.addInternalTokens(user.row, EMULATOR_TOOLS_MODEL, 7);
    const row = (await fixture.usage(user)).models.find(
      (model) => model.modelId === EMULATOR_TOOLS_MODEL,
    );
    assert.equal(row?.totalTokens, 7);
  });

  test('release gives the unit back once', async () => {
    const { admission } = fixture.gateway.running.ctx;
    const first = await admission.reserveDaily(user.row, EMULATOR_TOOLS_MODEL);
    await admission.reserveDaily(user.row, EMULATOR_TOOLS_MODEL);
    await first.release();
    await first.release();
    assert.equal(await fixture.requestsToday(user, EMULATOR_TOOLS_MODEL), 1);
  });
});

describeEachDatabase('daily quota across restarts', (kind) => {
  test('restart mid-day keeps the count', async () => {
    const first = await LimitsFixture.start({ database: kind });
    const user = await first.gateway.createUser();
    await first.setLimit(EMULATOR_PLAIN_MODEL, 3);
    for (let i = 0; i < 2; i++) assert.equal((await first.chat(user.token)).status, 200);
    const reuse = { database: first.gateway.database, dataDir: first.gateway.dataDir };
    await first.gateway.close({ keepData: true });
    const second = await LimitsFixture.start({ database: kind, emulator: first.emulator, reuse });
    try {
      assert.equal(await second.requestsToday(user), 2);
      assert.equal((await second.chat(user.token)).status, 200);
      assert.equal((await second.chat(user.token)).status, 429);
    } finally {
      await second.close();
      await first.emulator.close();
    }
  });
});

describe('daily quota day boundary', () => {
  // Tokyo has no daylight saving time: its day starts at 15:00 UTC.
  let clock = Date.parse('2026-12-04T14:59:00Z');
  let fixture: LimitsFixture;

  before(async () => {
    fixture = await LimitsFixture.start({
      env: { USAGE_TIMEZONE: 'Asia/Tokyo' },
      now: () => clock,
    });
  });
  after(async () => {
    await fixture?.close();
  });

  test('day boundary follows USAGE_TIMEZONE', async () => {
    const user = await fixture.gateway.createUser();
    await fixture.setLimit(EMULATOR_PLAIN_MODEL, 1);
    assert.equal((await fixture.chat(user.token)).status, 200);
    const refused = await fixture.chat(user.token);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.resetAt, '2026-12-04T15:00:00.000Z');
    assert.equal(refused.headers.get('retry-after'), '60');
    const before = await fixture.usage(user);
    assert.equal(before.day, '2026-12-04');
    assert.equal(before.timezone, 'Asia/Tokyo');
    assert.equal(before.resetAt, '2026-12-04T15:00:00.000Z');

    clock = Date.parse('2026-12-04T15:00:00Z');
    const after = await fixture.usage(user);
    assert.equal(after.day, '2026-12-05');
    assert.deepEqual(after.models, []);
    assert.equal(after.resetAt, '2026-12-05T15:00:00.000Z');
    assert.equal((await fixture.chat(user.token)).status, 200);
    assert.equal((await fixture.chat(user.token)).status, 429);
  });
});

describe('daily quota with the upstream down', () => {
  test('unreachable upstream is not counted', async () => {
    const emulator = await startEmulator({ port: 0 });
    const fixture = await LimitsFixture.start({ emulator });
    try {
      const user = await fixture.gateway.createUser();
      assert.equal((await fixture.chat(user.token)).status, 200);
      await emulator.close();
      const failed = await fixture.chat(user.token);
      assert.equal(failed.status, 502);
      assert.equal(failed.body.error.code, 'upstream_error');
      assert.equal(await fixture.requestsToday(user), 1);
    } finally {
      await fixture.close();
    }
  });
});
