import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import { addDays, dayOf } from './calendar-day.ts';
import {
  errorCount,
  materialisedDays,
  NO_USER_ID,
  type RollupDb,
  windowStart,
  withRollup,
} from './stats-rollup.ts';

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

/** The window's days, oldest first, split by where their figures are read. */
interface WindowSplit {
  days: string[];
  /** Days summed in `chat_stats_daily`. */
  rolledUp: string[];
  /** Days read from chat_logs. */
  raw: string[];
}

/**
 * Computes the dashboard figures over the stored `day` column: today, the
 * last 30 days (oldest first, days without rows as zeros), and the top
 * models and users of those 30 days.
 *
 * NOTE: materialised days (each finished day, once the rollup has run) are
 * read from `chat_stats_daily`, a few rows per day, user and model. Only the
 * other days of the window (today, yesterday, and any day the rollup has not
 * reached yet) are read from chat_logs, so the cost follows the traffic of
 * those days rather than of the whole window (see docs/benchmarks.md).
 * Today's latency percentiles always come from chat_logs.
 */
export async function loadStats(db: Db, now: number, timeZone: string): Promise<GatewayStats> {
  const today = dayOf(now, timeZone);
  const split = await splitWindow(db, today);
  const [users, daily, latency, topModels, topUsers] = await Promise.all([
    countUsers(db),
    loadDaily(db, split),
    loadLatencyPercentiles(db, today),
    loadTopModels(withRollup(db), split),
    loadTopUsers(withRollup(db), split),
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

async function splitWindow(db: Db, today: string): Promise<WindowSplit> {
  const firstDay = windowStart(today);
  const done = await materialisedDays(db, firstDay, today);
  const days: string[] = [];
  for (let day = firstDay; day <= today; day = addDays(day, 1)) days.push(day);
  return {
    days,
    rolledUp: days.filter((day) => done.has(day)),
    raw: days.filter((day) => !done.has(day)),
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

interface DayRow {
  day: string;
  requests: unknown;
  tokens: unknown;
  errors: unknown;
}

async function loadDaily(db: Db, split: WindowSplit): Promise<DayTotals[]> {
  const [rolledUp, raw] = await Promise.all([
    rolledUpDaily(withRollup(db), split.rolledUp),
    rawDaily(db, split.raw),
  ]);
  const byDay = new Map<string, DayRow>([...rolledUp, ...raw].map((row) => [row.day, row]));
  return split.days.map((day) => {
    const row = byDay.get(day);
    return {
      day,
      requests: Number(row?.requests ?? 0),
      tokens: Number(row?.tokens ?? 0),
      errors: Number(row?.errors ?? 0),
    };
  });
}

async function rolledUpDaily(db: RollupDb, days: string[]): Promise<DayRow[]> {
  if (days.length === 0) return [];
  return db
    .selectFrom('chat_stats_daily')
    .select((eb) => [
      'day',
      eb.fn.sum('requests').as('requests'),
      eb.fn.sum('tokens').as('tokens'),
      eb.fn.sum('errors').as('errors'),
    ])
    .where('day', 'in', days)
    .groupBy('day')
    .execute();
}

async function rawDaily(db: Db, days: string[]): Promise<DayRow[]> {
  if (days.length === 0) return [];
  return db
    .selectFrom('chat_logs')
    .select((eb) => [
      'day',
      eb.fn.countAll().as('requests'),
      eb.fn.sum('total_tokens').as('tokens'),
      errorCount.as('errors'),
    ])
    .where('day', 'in', days)
    .groupBy('day')
    .execute();
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

// The top lists sum each source per model (or user) first, then add the
// parts up and rank them in SQL, so the order, ties included, follows the
// database's own comparison exactly as one scan of chat_logs would.

async function loadTopModels(db: RollupDb, split: WindowSplit): Promise<GatewayStats['topModels']> {
  const rolledUp = db
    .selectFrom('chat_stats_daily')
    .select([
      'model as part_model',
      sql<number>`sum(requests)`.as('part_requests'),
      sql<number>`sum(tokens)`.as('part_tokens'),
    ])
    .where('day', 'in', split.rolledUp)
    .groupBy('model');
  const raw = db
    .selectFrom('chat_logs')
    .select([
      'model as part_model',
      sql<number>`count(*)`.as('part_requests'),
      sql<number>`sum(total_tokens)`.as('part_tokens'),
    ])
    .where('day', 'in', split.raw)
    .groupBy('model');
  const parts = unionOf(split, rolledUp, raw);
  if (parts === undefined) return [];
  const rows = await db
    .selectFrom(parts.as('parts'))
    .select([
      'part_model as model',
      sql<number>`sum(part_requests)`.as('requests'),
      sql<number>`sum(part_tokens)`.as('tokens'),
    ])
    .groupBy('part_model')
    .orderBy('requests', 'desc')
    .orderBy('part_model')
    .limit(TOP_LIMIT)
    .execute();
  return rows.map((row) => ({
    modelId: row.model,
    requests: Number(row.requests),
    tokens: Number(row.tokens ?? 0),
  }));
}

async function loadTopUsers(db: RollupDb, split: WindowSplit): Promise<GatewayStats['topUsers']> {
  const rolledUp = db
    .selectFrom('chat_stats_daily')
    .select([
      // Null again for rows without a user, so they group and sort as in chat_logs.
      sql<number | null>`nullif(user_id, ${sql.lit(NO_USER_ID)})`.as('part_user_id'),
      sql<string>`max(user_email)`.as('part_email'),
      sql<number>`sum(requests)`.as('part_requests'),
      sql<number>`sum(tokens)`.as('part_tokens'),
    ])
    .where('day', 'in', split.rolledUp)
    .groupBy('user_id');
  const raw = db
    .selectFrom('chat_logs')
    .select([
      sql<number | null>`user_id`.as('part_user_id'),
      sql<string>`max(user_email)`.as('part_email'),
      sql<number>`count(*)`.as('part_requests'),
      sql<number>`sum(total_tokens)`.as('part_tokens'),
    ])
    .where('day', 'in', split.raw)
    .groupBy('user_id');
  const parts = unionOf(split, rolledUp, raw);
  if (parts === undefined) return [];
  const rows = await db
    .selectFrom(parts.as('parts'))
    .select([
      'part_user_id as user_id',
      sql<string>`max(part_email)`.as('email'),
      sql<number>`sum(part_requests)`.as('requests'),
      sql<number>`sum(part_tokens)`.as('tokens'),
    ])
    .groupBy('part_user_id')
    .orderBy('requests', 'desc')
    .orderBy('part_user_id')
    .limit(TOP_LIMIT)
    .execute();
  return rows.map((row) => ({
    userId: row.user_id === null ? null : Number(row.user_id),
    email: String(row.email),
    requests: Number(row.requests),
    tokens: Number(row.tokens ?? 0),
  }));
}

type RollupSchema = RollupDb extends Kysely<infer Schema> ? Schema : never;
type Part<Table extends keyof RollupSchema, Row> = SelectQueryBuilder<RollupSchema, Table, Row>;

/** Both parts joined by UNION ALL, or the one whose days are not empty. */
function unionOf<Row>(
  split: WindowSplit,
  rolledUp: Part<'chat_stats_daily', Row>,
  raw: Part<'chat_logs', Row>,
): Part<'chat_stats_daily', Row> | Part<'chat_logs', Row> | undefined {
  if (split.rolledUp.length === 0) return split.raw.length === 0 ? undefined : raw;
  return split.raw.length === 0 ? rolledUp : rolledUp.unionAll(raw);
}
