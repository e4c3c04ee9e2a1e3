import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

const MAX_CACHED_STATEMENTS = 500;

/**
 * Wraps a better-sqlite3 database so that Kysely's SQLite driver reuses
 * prepared statements: the driver prepares every query afresh, which costs
 * more than running it. A statement that is still iterating (a streamed
 * query) is busy, so that case gets a fresh one.
 */
export function withStatementCache(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) return cached as unknown as SqliteStatement;
      const statement = database.prepare(sql);
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statements.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}
