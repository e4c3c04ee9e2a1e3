import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { type DialectKind, dialectOf } from '../dialect.ts';

// Released migrations are never edited; a schema change is a new numbered file.

type Table = CreateTableBuilder<string, never>;

function withId(table: Table, dialect: DialectKind): Table {
  if (dialect === 'postgres') {
    return table.addColumn('id', 'bigserial', (col) => col.primaryKey());
  }
  if (dialect === 'mysql') {
    return table.addColumn('id', 'bigint', (col) => col.primaryKey().autoIncrement());
  }
  // AUTOINCREMENT keeps SQLite from reusing the ids of deleted rows.
  return table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}

/** A text column without the 64 KiB cap of MySQL's TEXT. */
function longText(dialect: DialectKind) {
  return dialect === 'mysql' ? sql`longtext` : sql`text`;
}

function finish(table: Table, dialect: DialectKind): Table {
  return dialect === 'mysql'
    ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`)
    : table;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const create = (name: string, build: (table: Table) => Table) =>
    finish(build(db.schema.createTable(name)), dialect).execute();
  const createWithId = (name: string, build: (table: Table) => Table) =>
    create(name, (table) => build(withId(table, dialect)));

  await createWithId('users', (t) =>
    t
      .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('session_counter', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('session_salt', 'varchar(64)', (c) => c.notNull())
      .addColumn('rate_limit_per_minute', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );

  await createWithId('gateway_keys', (t) =>
    t
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('expires_at', 'bigint'),
  );
  await db.schema.createIndex('gateway_keys_user').on('gateway_keys').column('user_id').execute();

  await create('provider_keys', (t) =>
    t
      .addColumn('user_id', 'bigint', (c) => c.primaryKey())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('nonce', 'varchar(32)', (c) => c.notNull())
      .addColumn('last4', 'varchar(4)', (c) => c.notNull())
      .addColumn('verified', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );

  await createWithId('models', (t) =>
    t
      .addColumn('model_id', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', longText(dialect), (c) => c.notNull())
      .addColumn('context_length', 'integer')
      .addColumn('supports_tools', 'integer', (c) => c.notNull())
      .addColumn('free', 'integer', (c) => c.notNull())
      .addColumn('pricing_prompt', 'varchar(64)', (c) => c.notNull())
      .addColumn('pricing_completion', 'varchar(64)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('available', 'integer', (c) => c.notNull())
      .addColumn('unavailable_reason', 'varchar(64)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );

  await create('user_model_preferences', (t) =>
    t
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('model_row_id', 'bigint', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_model_preferences_pk', ['user_id', 'model_row_id']),
  );

  await create('model_usage_limits', (t) =>
    t
      .addColumn('model_id', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('max_requests_per_day', 'integer')
      .addColumn('max_tokens_per_day', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );

  await create('usage_daily', (t) =>
    t
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('model_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('total_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('usage_daily_pk', ['user_id', 'model_id', 'day']),
  );
  await db.schema.createIndex('usage_daily_day').on('usage_daily').columns(['day']).execute();

  await createWithId('conversations', (t) =>
    t
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('model_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('conversations_user')
    .on('conversations')
    .columns(['user_id', 'updated_at'])
    .execute();

  await createWithId('conversation_messages', (t) =>
    t
      .addColumn('conversation_id', 'bigint', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('content', longText(dialect), (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('prompt_tokens', 'integer')
      .addColumn('completion_tokens', 'integer')
      .addColumn('total_tokens', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  );
  await db.schema
    .createIndex('conversation_messages_conversation')
    .on('conversation_messages')
    .columns(['conversation_id', 'id'])
    .execute();

  await createWithId('chat_logs', (t) =>
    t
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('user_id', 'bigint')
      .addColumn('user_email', 'varchar(254)', (c) => c.notNull())
      .addColumn('credential', 'varchar(16)', (c) => c.notNull())
      .addColumn('source', 'varchar(16)', (c) => c.notNull())
      .addColumn('model', 'varchar(255)', (c) => c.notNull())
      .addColumn('model_served', 'varchar(255)')
      .addColumn('outcome', 'varchar(32)', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('error_code', 'varchar(64)')
      .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
      .addColumn('completion_tokens', 'integer', (c) => c.notNull())
      .addColumn('total_tokens', 'integer', (c) => c.notNull())
      .addColumn('cost', 'double precision')
      .addColumn('usage_estimated', 'integer', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('ttft_ms', 'integer')
      .addColumn('prompt', longText(dialect))
      .addColumn('reply', longText(dialect)),
  );
  await db.schema.createIndex('chat_logs_created').on('chat_logs').column('created_at').execute();
  await db.schema
    .createIndex('chat_logs_user_created')
    .on('chat_logs')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('chat_logs_model_created')
    .on('chat_logs')
    .columns(['model', 'created_at'])
    .execute();
  await db.schema
    .createIndex('chat_logs_day_latency')
    .on('chat_logs')
    .columns(['day', 'latency_ms'])
    .execute();

  await create('settings', (t) =>
    t
      .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull()),
  );

  await createWithId('audit_events', (t) =>
    t
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'bigint')
      .addColumn('actor_email', 'varchar(254)')
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('target_id', 'varchar(255)')
      .addColumn('before', longText(dialect))
      .addColumn('after', longText(dialect)),
  );
  await db.schema
    .createIndex('audit_events_created')
    .on('audit_events')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'audit_events',
    'settings',
    'chat_logs',
    'conversation_messages',
    'conversations',
    'usage_daily',
    'model_usage_limits',
    'user_model_preferences',
    'models',
    'provider_keys',
    'gateway_keys',
    'users',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
