import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// The per-day rollup behind GET /api/admin/stats. A finished day's chat-log
// rows are summed once into `chat_stats_daily`, and `chat_stats_days` records
// which days hold their final sums, so the dashboard reads a few rows per day
// instead of every chat-log row of 30 days.

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const finish = (table: Table): Table =>
    mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table;

  // One row per day, user and requested model. A key column cannot be null,
  // so rows without a user (user_id null in chat_logs) are stored with
  // user_id 0; real user ids start at 1 on every dialect.
  await finish(
    db.schema
      .createTable('chat_stats_daily')
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('model', 'varchar(255)', (c) => c.notNull())
      // The greatest email of the group, so the top users can take the greatest across days.
      .addColumn('user_email', 'varchar(254)', (c) => c.notNull())
      .addColumn('requests', 'bigint', (c) => c.notNull())
      .addColumn('tokens', 'bigint', (c) => c.notNull())
      .addColumn('errors', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_stats_daily_pk', ['day', 'user_id', 'model']),
  ).execute();

  // A row per materialised day, including days without traffic.
  await finish(
    db.schema
      .createTable('chat_stats_days')
      .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
      .addColumn('chat_logs', 'bigint', (c) => c.notNull())
      .addColumn('materialised_at', 'bigint', (c) => c.notNull()),
  ).execute();

  // Holds every column the sums read, so summing a day (the materialiser,
  // and the dashboard for today and yesterday) reads this index alone
  // instead of fetching each chat-log row: about 2.5 times faster on
  // SQLite with 250,000 rows in a day.
  await db.schema
    .createIndex('chat_logs_day_totals')
    .on('chat_logs')
    .columns(['day', 'model', 'user_id', 'outcome', 'total_tokens', 'user_email'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('chat_logs_day_totals').on('chat_logs').execute();
  await db.schema.dropTable('chat_stats_days').ifExists().execute();
  await db.schema.dropTable('chat_stats_daily').ifExists().execute();
}
