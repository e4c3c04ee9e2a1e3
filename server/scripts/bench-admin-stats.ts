// Measures GET /api/admin/stats queries and one chat-log page on a million
// chat-log rows: the stats before the rollup exists, the first rollup run
// (materialising every finished day of the window), and the stats after it.
// Usage, from the repository root:
//   node --import tsx server/scripts/bench-admin-stats.ts sqlite|postgres|mysql [rows]
// PostgreSQL and MySQL runs read TEST_POSTGRES_URL / TEST_MYSQL_URL and use a
// schema or database of their own, dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayOf } from '../src/admin/calendar-day.ts';
import { parseChatLogFilter } from '../src/admin/chat-log-filter.ts';
import { listChatLogs } from '../src/admin/chat-log-list.ts';
import { loadStats } from '../src/admin/stats.ts';
import { materialiseMissingDays } from '../src/admin/stats-materialiser.ts';
import type { DatabaseTarget } from '../src/config/settings.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import type { NewChatLog } from '../src/storage/schema.ts';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-04T12:00:00Z');
const USERS = 200;
const MODELS = 30;
const RUNS = 5;

interface Target {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

async function createTarget(kind: string): Promise<Target> {
  const name = `pcl_bench_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-bench-'));
    return {
      target: { kind, file: join(dir, 'bench.sqlite') },
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  if (kind === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const { default: pg } = await import('pg');
    const run = async (sql: string) => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await run(`create schema ${name}`);
    const url = new URL(base);
    url.searchParams.set('schema', name);
    return {
      target: { kind, url: url.toString() },
      drop: () => run(`drop schema ${name} cascade`),
    };
  }
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
  const mysql = await import('mysql2/promise');
  const run = async (sql: string) => {
    const connection = await mysql.createConnection({ uri: base });
    await connection.query(sql);
    await connection.end();
  };
  await run(`create database ${name} character set utf8mb4 collate utf8mb4_bin`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'mysql', url: url.toString() },
    drop: () => run(`drop database ${name}`),
  };
}

function row(i: number, total: number): NewChatLog {
  // Rows spread evenly over the 29 days before today, then a quarter of them
  // today, in time order as the gateway appends them (ids follow time).
  const past = Math.floor(total * 0.75);
  const createdAt =
    i < past
      ? NOW - 30 * DAY_MS + Math.floor((i / past) * 29 * DAY_MS)
      : NOW - 40_000 + Math.floor(((i - past) / (total - past)) * 40_000);
  const user = (i * 7919) % USERS;
  return {
    created_at: createdAt,
    day: dayOf(createdAt, 'UTC'),
    user_id: user + 1,
    user_email: `user${user}@bench.test`,
    credential: 'jwt',
    source: 'api',
    model: `vendor/model-${i % MODELS}:free`,
    model_served: null,
    outcome: i % 50 === 0 ? 'upstream_error' : 'ok',
    status: 200,
    error_code: null,
    prompt_tokens: 20,
    completion_tokens: 64,
    total_tokens: 84,
    cost: 0,
    usage_estimated: 0,
    latency_ms: (i * 37) % 5000,
    ttft_ms: 100,
    prompt: 'a short prompt of about fifty characters in length',
    reply: 'a short reply',
  };
}

async function insertRows(db: Db, total: number): Promise<void> {
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const rows = Array.from({ length: Math.min(batch, total - start) }, (_, i) =>
      row(start + i, total),
    );
    await db.insertInto('chat_logs').values(rows).execute();
  }
}

async function time(label: string, action: () => Promise<unknown>, runs = RUNS): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(runs / 2)] ?? 0;
  process.stdout.write(
    `${label}: median ${median.toFixed(0)} ms, min ${(samples[0] ?? 0).toFixed(0)} ms of ${runs}\n`,
  );
}

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'sqlite';
  const total = Number(process.argv[3] ?? 1_000_000);
  const { target, drop } = await createTarget(kind);
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const started = performance.now();
    await insertRows(db, total);
    process.stdout.write(
      `${kind}: inserted ${total} rows in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    await time('stats, no day materialised', () => loadStats(db, NOW, 'UTC'), 1);
    const rollup = await materialiseMissingDays(db, NOW, 'UTC');
    process.stdout.write(
      `first rollup run: ${rollup.days} days materialised in ${rollup.durationMs} ms\n`,
    );
    await time('stats, finished days materialised', () => loadStats(db, NOW, 'UTC'));
    const again = await materialiseMissingDays(db, NOW, 'UTC');
    process.stdout.write(`next rollup run: ${again.days} days in ${again.durationMs} ms\n`);
    const filter = parseChatLogFilter({ user: 'user17@' }, 'UTC');
    await time('chat-log page, email filter', () =>
      listChatLogs(db, filter, { page: 0, size: 20, offset: 0 }),
    );
    const unfiltered = parseChatLogFilter({}, 'UTC');
    await time('chat-log page, no filter', () =>
      listChatLogs(db, unfiltered, { page: 0, size: 20, offset: 0 }),
    );
  } finally {
    await db.destroy();
    await drop();
  }
}

await main();
