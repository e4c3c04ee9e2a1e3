import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deleteLogsBefore } from '../../src/admin/retention.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';
import { chatLogRow, insertChatLogs } from './chat-log-rows.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-04T12:00:00Z');

async function countLogs(gateway: TestGateway, token: string): Promise<number> {
  const response = await gateway.request<{ total: number }>('GET', '/api/admin/chat-logs', {
    token,
  });
  return response.body.total;
}

describeEachDatabase('chat-log retention', (database) => {
  test('start-up run deletes logs past retention', async () => {
    const first = await TestGateway.start({ upstream: UNUSED_UPSTREAM, database, now: () => NOW });
    const old = Array.from({ length: 30 }, (_, i) =>
      chatLogRow({ created_at: NOW - 8 * DAY_MS - i * 1000 }),
    );
    const recent = Array.from({ length: 5 }, (_, i) =>
      chatLogRow({ created_at: NOW - 6 * DAY_MS + i }),
    );
    await insertChatLogs(first.running.ctx.db, [
      ...old,
      ...recent,
      ...old.map((row) => ({ ...row, created_at: row.created_at - DAY_MS })),
    ]);
    await first.close({ keepData: true });

    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      reuse: { database: first.database, dataDir: first.dataDir },
      env: { CHAT_LOG_RETENTION_DAYS: '7' },
      now: () => NOW,
    });
    try {
      const token = await gateway.adminToken();
      const deadline = Date.now() + 10_000;
      while ((await countLogs(gateway, token)) !== 5 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await countLogs(gateway, token), 5);
      assert.match(gateway.logs.text, /chat-log retention run finished/);
    } finally {
      await gateway.close();
    }
  });

  test('batches delete across id ranges', async () => {
    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      now: () => NOW,
    });
    try {
      const rows = Array.from({ length: 25 }, (_, i) =>
        chatLogRow({ created_at: i % 5 === 0 ? NOW : NOW - 10 * DAY_MS }),
      );
      await insertChatLogs(gateway.running.ctx.db, rows);
      const deleted = await deleteLogsBefore(gateway.running.ctx.db, NOW - DAY_MS, 3);
      assert.equal(deleted, 20);
      assert.equal(await countLogs(gateway, await gateway.adminToken()), 5);
    } finally {
      await gateway.close();
    }
  });

  test('zero retention keeps every log', async () => {
    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      now: () => NOW,
    });
    try {
      await insertChatLogs(gateway.running.ctx.db, [
        chatLogRow({ created_at: NOW - 1000 * DAY_MS }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await countLogs(gateway, await gateway.adminToken()), 1);
    } finally {
      await gateway.close();
    }
  });
});
