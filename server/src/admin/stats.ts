import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import { addDays, dayOf } from './calendar-day.ts';

export const STATS_DAYS = 30;
const TOP_LIMIT = 10;

export interface DayTotals {
  day: string;
  requests: number;
  tokens: number;
  errors: number;
}

export interface GatewayStats {
  users: { total: number; active: number };
  today: {
    requests: number;
    tokens: number;
    errors: number;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  };
  daily: DayTotals[];
  topModels: Array<{ modelId: string; requests: number; tokens: number }>;
  topUsers: Array<{ userId: number | null; email: string; requests: number; tokens: number }>;
}

/**
 * Builds a column reference for the 30-day scans. On SQLite, a unary `+` keeps the
 * planner from walking an index (day, model or user) and then fetching each
 * row from the table: measured on a million rows, a plain table scan was
 * about five times faster. PostgreSQL and MySQL choose by their statistics.
 */
function scanned(db: Db, column: 'day' | 'model' | 'user_id'): RawBuilder<string> {
  return dialectOf(db) === 'sqlite'
    ? sql<string>`+${sql.ref(column)}`
    : sql<string>`${sql.ref(column)}`;
}

// Rows whose outcome is neither ok nor client_aborted count as errors.
const errorCount = sql<number>`sum(case when outcome not in ('ok', 'client_aborted') then 1 else 0 end)`;

/**
 * Computes the dashboard figures with SQL aggregates over the stored `day`
 * column: today, the last 30 days (oldest first, days without rows as
 * zeros), and the top models and users of those 30 days.
 *
 * NOTE: the daily series and both top lists each scan every row of the
 * 30-day window, so the cost grows with traffic (seconds per million rows
 * on SQLite, see docs/benchmarks.md). A per-day rollup table would bound it.
 */
export async function loadStats(db: Db, now: number, timeZone: string): Promise<GatewayStats> {
  const today = dayOf(now, timeZone);
  const firstDay = addDays(today, -(STATS_DAYS - 1));
  const [users, daily, latency, topModels, topUsers] = await Promise.all([
    countUsers(db),
    loadDaily(db, firstDay, today),
    loadLatencyPercentiles(db, today),
    loadTopModels(db, firstDay),
    loadTopUsers(db, firstDay),
  ]);
  const todayTotals = daily.at(-1) ?? { day: today, requests: 0, tokens: 0, errors: 0 };
  return {
    users,
    today: {
      requests: todayTotals.requests,
      tokens: todayTotals.tokens,
      errors: todayTotals.errors,
      latencyP50Ms: latency.p50,
      latencyP95Ms: latency.p95,
    },
    daily,
    topModels,
    topUsers,
  };
}

async function countUsers(db: Db): Promise<{ total: number; active: number }> {
  const row = await db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll().as('total'),
      sql<number>`sum(case when status = 'active' then 1 else 0 end)`.as('active'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), active: Number(row.active ?? 0) };
}

async function loadDaily(db: Db, firstDay: string, lastDay: string): Promise<DayTotals[]> {
  const rows = await db
    .selectFrom('chat_logs')
    .select((eb) => [
      'day',
      eb.fn.countAll().as('requests'),
      eb.fn.sum('total_tokens').as('tokens'),
      errorCount.as('errors'),
    ])
    .where(scanned(db, 'day'), '>=', firstDay)
    .where(scanned(db, 'day'), '<=', lastDay)
    .groupBy('day')
    .execute();
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: DayTotals[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    const row = byDay.get(day);
    days.push({
      day,
      requests: Number(row?.requests ?? 0),
      tokens: Number(row?.tokens ?? 0),
      errors: Number(row?.errors ?? 0),
    });
  }
  return days;
}

/**
 * Nearest-rank percentiles of one day's latency. Each is one indexed read
 * (`chat_logs_day_latency`) at its offset, portable to every dialect.
 */
async function loadLatencyPercentiles(
  db: Db,
  day: string,
): Promise<{ p50: number | null; p95: number | null }> {
  const counted = await db
    .selectFrom('chat_logs')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  const count = Number(counted.count);
  if (count === 0) return { p50: null, p95: null };
  const [p50, p95] = await Promise.all([
    latencyAtRank(db, day, Math.ceil(count * 0.5) - 1),
    latencyAtRank(db, day, Math.ceil(count * 0.95) - 1),
  ]);
  return { p50, p95 };
}

async function latencyAtRank(db: Db, day: string, offset: number): Promise<number | null> {
  const row = await db
    .selectFrom('chat_logs')
    .select('latency_ms')
    .where('day', '=', day)
    .orderBy('latency_ms')
    .limit(1)
    .offset(offset)
    .executeTakeFirst();
  return row === undefined ? null : Number(row.latency_ms);
}

async function loadTopModels(db: Db, firstDay: string): Promise<GatewayStats['topModels']> {
  const rows = await db
    .selectFrom('chat_logs')
    .select((eb) => [
      'model',
      eb.fn.countAll().as('requests'),
      eb.fn.sum('total_tokens').as('tokens'),
    ])
    .where(scanned(db, 'day'), '>=', firstDay)
    .groupBy(scanned(db, 'model'))
    .orderBy('requests', 'desc')
    .orderBy('model')
    .limit(TOP_LIMIT)
    .execute();
  return rows.map((row) => ({
    modelId: row.model,
    requests: Number(row.requests),
    tokens: Number(row.tokens ?? 0),
  }));
}

async function loadTopUsers(db: Db, firstDay: string): Promise<GatewayStats['topUsers']> {
  const rows = await db
    .selectFrom('chat_logs')
    .select((eb) => [
      'user_id',
      eb.fn.max('user_email').as('email'),
      eb.fn.countAll().as('requests'),
      eb.fn.sum('total_tokens').as('tokens'),
    ])
    .where(scanned(db, 'day'), '>=', firstDay)
    .groupBy(scanned(db, 'user_id'))
    .orderBy('requests', 'desc')
    .orderBy('user_id')
    .limit(TOP_LIMIT)
    .execute();
  return rows.map((row) => ({
    userId: row.user_id === null ? null : Number(row.user_id),
    email: String(row.email),
    requests: Number(row.requests),
    tokens: Number(row.tokens ?? 0),
  }));
}
