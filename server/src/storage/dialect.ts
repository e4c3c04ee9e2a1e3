import { type Kysely, MysqlAdapter, PostgresAdapter } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres' | 'mysql';

/** Tells which SQL dialect a Kysely instance speaks. */
// biome-ignore lint/suspicious/noExplicitAny: accepts a Kysely instance of any schema.
export function dialectOf(db: Kysely<any>): DialectKind {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'sqlite';
}
