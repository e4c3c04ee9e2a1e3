import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import type * as Mysql from 'mysql2';
import type Pg from 'pg';
import { loadOptionalModule } from '../app/optional-module.ts';
import type { DatabaseTarget } from '../config/settings.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

export type Db = Kysely<Database>;

const PG_INT8 = 20;

/** Opens a Kysely instance for the configured database. */
export function openDatabase(target: DatabaseTarget): Db {
  if (target.kind === 'postgres')
    return new Kysely<Database>({ dialect: postgresDialect(target.url) });
  if (target.kind === 'mysql') return new Kysely<Database>({ dialect: mysqlDialect(target.url) });
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(openSqlite(target.file)) }),
  });
}

function openSqlite(file: string): SqliteDatabase.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Created 0600 before SQLite opens it; SQLite gives -wal and -shm the same mode.
  closeSync(openSync(file, 'a', 0o600));
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  restrictSqliteFiles(file);
  return database;
}

/** Makes the SQLite file and its -wal/-shm companions readable by the owner only. */
export function restrictSqliteFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

/**
 * A `?schema=NAME` parameter on a postgres:// URL sets the search_path, so
 * several deployments (or test runs) can share one database.
 */
function postgresDialect(rawUrl: string): PostgresDialect {
  const url = new URL(rawUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const pg = loadOptionalModule<typeof Pg>('pg');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof Pg.types.getTypeParser,
    },
  });
  return new PostgresDialect({ pool });
}

function mysqlDialect(url: string): MysqlDialect {
  const mysql = loadOptionalModule<typeof Mysql>('mysql2');
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: 10,
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4',
    timezone: 'Z',
  });
  return new MysqlDialect({ pool });
}
