import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';

/** True when CI demands that every service-backed suite runs instead of skipping. */
export const REQUIRE_SERVICES = process.env.REQUIRE_SERVICES === '1';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

/** A database for one suite run: its URL for DATABASE_URL, and a drop step. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** Value for DATABASE_URL; undefined means the default SQLite file in the data dir. */
  url: string | undefined;
  drop(): Promise<void>;
}

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Creates an isolated PostgreSQL schema on TEST_POSTGRES_URL. */
async function createPostgresDatabase(baseUrl: string): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const schema = randomName('pcl_test');
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return {
    kind: 'postgres',
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop schema if exists ${schema} cascade`);
      await dropper.end();
    },
  };
}

/** Creates an isolated MySQL database on TEST_MYSQL_URL. */
async function createMysqlDatabase(baseUrl: string): Promise<TestDatabase> {
  const mysql = await import('mysql2/promise');
  const name = randomName('pcl_test');
  const connection = await mysql.createConnection({ uri: baseUrl });
  await connection.query(`create database ${name} character set utf8mb4 collate utf8mb4_bin`);
  await connection.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'mysql',
    url: url.toString(),
    async drop() {
      const dropper = await mysql.createConnection({ uri: baseUrl });
      await dropper.query(`drop database if exists ${name}`);
      await dropper.end();
    },
  };
}

const SERVICE_URLS: Record<Exclude<DatabaseKind, 'sqlite'>, string> = {
  postgres: 'TEST_POSTGRES_URL',
  mysql: 'TEST_MYSQL_URL',
};

/** Creates a fresh database of the given kind; SQLite lives in the gateway's data dir. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') return { kind, url: undefined, drop: async () => {} };
  const baseUrl = process.env[SERVICE_URLS[kind]];
  if (baseUrl === undefined) throw new Error(`${SERVICE_URLS[kind]} is not set`);
  return kind === 'postgres' ? createPostgresDatabase(baseUrl) : createMysqlDatabase(baseUrl);
}

/**
 * Why a service suite cannot run here, or undefined when it can. Under
 * REQUIRE_SERVICES=1 a missing service is a failure, not a skip.
 */
export function serviceSkipReason(variable: string): string | undefined {
  if (process.env[variable] !== undefined && process.env[variable] !== '') return undefined;
  if (REQUIRE_SERVICES) {
    throw new Error(`${variable} is not set, and REQUIRE_SERVICES=1 requires this suite to run`);
  }
  return `${variable} not set`;
}

/**
 * Defines the suite once per database: always on SQLite, and on PostgreSQL and
 * MySQL when TEST_POSTGRES_URL and TEST_MYSQL_URL are set (skipped by name otherwise).
 */
export function describeEachDatabase(name: string, body: (kind: DatabaseKind) => void): void {
  describe(`${name} [sqlite]`, () => body('sqlite'));
  for (const kind of ['postgres', 'mysql'] as const) {
    const skip = serviceSkipReason(SERVICE_URLS[kind]);
    describe(`${name} [${kind}]`, skip === undefined ? {} : { skip }, () => body(kind));
  }
}

/** A random Redis key prefix for one suite run, with TEST_REDIS_URL. */
export function redisTestPrefix(): string {
  return `${randomName('pcl_test')}:`;
}
