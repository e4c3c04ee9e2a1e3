import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.ts';
import { TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const ROWS = 100_000;
// 100,000 rows of about 1.6 kB each make a CSV of about 170 MB: far more than the bound.
const PROMPT = 'p'.repeat(800);
const REPLY = 'r'.repeat(800);
// The live heap is sampled after a full collection; a buffered export grows it by about 290 MiB.
const HEAP_GROWTH_BOUND = 32 * 1024 * 1024;

/** Node's gc(), made reachable without a command-line flag, so samples measure live objects only. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function liveHeap(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Inserts ROWS chat-log rows in one statement: five cross-joined digit
 * tables number them 0..99,999 on SQLite, PostgreSQL and MySQL alike, which
 * is far quicker than sending 100,000 rows from the test.
 */
async function insertGeneratedRows(db: Db): Promise<void> {
  const start = Date.parse('2026-12-01T00:00:00Z');
  const digits = sql.raw(
    Array.from({ length: 10 }, (_, n) => `select ${n} as n`).join(' union all '),
  );
  await sql`
    insert into chat_logs (created_at, day, user_id, user_email, credential, source, model,
      model_served, outcome, status, error_code, prompt_tokens, completion_tokens, total_tokens,
      cost, usage_estimated, latency_ms, ttft_ms, prompt, reply)
    select ${sql.lit(start)} + a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n, '2026-12-01', null,
      'someone@example.test', 'jwt', 'api', 'vendor/model:free', null, 'ok', 200, null,
      10, 20, 30, 0, 0, 100, 50, ${PROMPT}, ${REPLY}
    from (${digits}) a, (${digits}) b, (${digits}) c, (${digits}) d, (${digits}) e
  `.execute(db);
}

describeEachDatabase('chat-log export memory', (database) => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM, database });
    await insertGeneratedRows(gateway.running.ctx.db);
  });
  after(async () => {
    await gateway.close();
  });

  test('export of 100,000 rows keeps heap flat', async (t) => {
    const token = await gateway.adminToken();
    const gc = exposeGc();
    const baseline = liveHeap(gc);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, liveHeap(gc));
    }, 1000);
    let bytes = 0;
    let lines = 0;
    try {
      const response = await fetch(`${gateway.url}/api/admin/chat-logs/export`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200);
      assert.ok(response.body !== null);
      for await (const chunk of response.body) {
        const view = chunk as Uint8Array;
        bytes += view.byteLength;
        for (const byte of view) if (byte === 10) lines += 1;
      }
    } finally {
      clearInterval(sampler);
    }
    assert.equal(lines, ROWS + 1);
    assert.ok(bytes > 150_000_000, `only ${bytes} bytes exported`);
    const growth = peak - baseline;
    t.diagnostic(`live heap growth during the export: ${Math.round(growth / 1048576)} MiB`);
    assert.ok(
      growth < HEAP_GROWTH_BOUND,
      `heap grew by ${Math.round(growth / 1048576)} MiB during the export`,
    );
  });
});
