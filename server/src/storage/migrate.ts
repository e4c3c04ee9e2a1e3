import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { dialectOf } from './dialect.ts';
import * as initial from './migrations/0001-initial.ts';
import * as chatStatsDaily from './migrations/0002-chat-stats-daily.ts';

/** Every migration, in order. Names are stored in the database and never change. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-chat-stats-daily': chatStatsDaily,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Raised when the database contains migrations this build does not know. */
export class SchemaTooNewError extends Error {
  constructor(unknown: string[]) {
    super(
      `The database schema is newer than this build (unknown migrations: ${unknown.join(', ')}). ` +
        'Upgrade Portcullis before starting it against this database.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Applies pending migrations. Kysely's migrator holds a lock row while it runs,
 * so instances starting together apply each migration once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema types apply.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  await refuseNewerSchema(db);
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(),
    ...(await migrationTableSchema(db)),
  });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) {
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    }
    if (attempt >= MIGRATION_ATTEMPTS || !isConcurrentCatalogChange(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

const MIGRATION_ATTEMPTS = 4;

/**
 * Kysely's migrator looks for its tables by introspecting every schema of a
 * PostgreSQL database, and that query fails with 3F000 (invalid schema name)
 * or 42P01 (undefined table) when another schema is dropped at the same
 * moment. Nothing was applied then, so the migration is tried again.
 */
function isConcurrentCatalogChange(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '3F000' || code === '42P01';
}

// biome-ignore lint/suspicious/noExplicitAny: reads Kysely's own bookkeeping table.
async function refuseNewerSchema(db: Kysely<any>): Promise<void> {
  let applied: string[];
  try {
    const result = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = result.rows.map((row) => row.name);
  } catch {
    return;
  }
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}

/**
 * On PostgreSQL, pins Kysely's bookkeeping tables to the current schema.
 * Without it Kysely finds `kysely_migration_lock` in any schema of the
 * database, so a deployment in a fresh schema skips creating its own.
 */
// biome-ignore lint/suspicious/noExplicitAny: reads the connection's schema before the schema types apply.
async function migrationTableSchema(db: Kysely<any>): Promise<{ migrationTableSchema?: string }> {
  if (dialectOf(db) !== 'postgres') return {};
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema;
  return schema === undefined ? {} : { migrationTableSchema: schema };
}
