import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createAccount } from '../../src/auth/accounts.ts';
import { loadConfig } from '../../src/config/settings.ts';
import { EncryptionKeyMismatchError } from '../../src/keys/key-check.ts';
import {
  loadProviderKey,
  providerKeyStatus,
  saveProviderKey,
} from '../../src/keys/provider-key-store.ts';
import { type Db, openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest, SchemaTooNewError } from '../../src/storage/migrate.ts';
import { TestGateway } from '../support/gateway.ts';
import {
  createTestDatabase,
  type DatabaseKind,
  describeEachDatabase,
  type TestDatabase,
} from '../support/services.ts';

const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const CHEAP_COST = { memoryKib: 1024, iterations: 1 };
const TABLES = [
  'users',
  'gateway_keys',
  'provider_keys',
  'models',
  'user_model_preferences',
  'model_usage_limits',
  'usage_daily',
  'conversations',
  'conversation_messages',
  'chat_logs',
  'settings',
  'audit_events',
] as const;

function openTestDatabase(database: TestDatabase, dataDir: string): Db {
  const config = loadConfig({
    PORTCULLIS_DATA_DIR: dataDir,
    ...(database.url === undefined ? {} : { DATABASE_URL: database.url }),
  });
  return openDatabase(config.database);
}

function newUser(db: Db, email: string) {
  return createAccount(
    db,
    { email, password: 'long-enough-password', role: 'user', mustChangePassword: false },
    CHEAP_COST,
    Date.now(),
  );
}

describeEachDatabase('storage', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let dataDir: string;
  let db: Db;

  before(async () => {
    database = await createTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'portcullis-storage-'));
    db = openTestDatabase(database, dataDir);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('migrations apply once', async () => {
    // A neighbour migrated first in the same server (another PostgreSQL schema,
    // another MySQL database) must not make this one skip its own tables.
    const neighbour = await createTestDatabase(kind);
    const neighbourDir = mkdtempSync(join(tmpdir(), 'portcullis-storage-'));
    const neighbourDb = openTestDatabase(neighbour, neighbourDir);
    try {
      await migrateToLatest(neighbourDb);
    } finally {
      await neighbourDb.destroy();
    }
    try {
      assert.deepEqual(await migrateToLatest(db), ['0001-initial', '0002-chat-stats-daily']);
    } finally {
      await neighbour.drop();
      rmSync(neighbourDir, { recursive: true, force: true });
    }
    assert.deepEqual(await migrateToLatest(db), []);
    for (const table of TABLES) {
      const result = await sql<{
        count: number | string;
      }>`select count(*) as count from ${sql.table(table)}`.execute(db);
      assert.equal(Number(result.rows[0]?.count), 0, table);
    }
  });

  test('concurrent migrations apply once', async () => {
    const others = [openTestDatabase(database, dataDir), openTestDatabase(database, dataDir)];
    try {
      const results = await Promise.all(others.map((other) => migrateToLatest(other)));
      assert.deepEqual(results, [[], []]);
    } finally {
      await Promise.all(others.map((other) => other.destroy()));
    }
  });

  test('user ids are never reused', async () => {
    const first = await newUser(db, 'first@example.test');
    const second = await newUser(db, 'second@example.test');
    await db.deleteFrom('users').where('id', '=', second.id).execute();
    const third = await newUser(db, 'third@example.test');
    assert.ok(third.id > second.id, `id ${third.id} after deleted ${second.id}`);
    assert.ok(second.id > first.id);

    // A new connection pool does not reset the counter either.
    await db.deleteFrom('users').where('id', '=', third.id).execute();
    const reopened = openTestDatabase(database, dataDir);
    try {
      const fourth = await newUser(reopened, 'fourth@example.test');
      assert.ok(fourth.id > third.id, `id ${fourth.id} after deleted ${third.id}`);
    } finally {
      await reopened.destroy();
    }
  });

  test('gateway key ids are never reused', async () => {
    const owner = await newUser(db, 'key-owner@example.test');
    const insert = async (hash: string) => {
      await db
        .insertInto('gateway_keys')
        .values({
          user_id: owner.id,
          name: 'k',
          prefix: 'pcl_x',
          key_hash: hash,
          created_at: 0,
          last_used_at: null,
          expires_at: null,
        })
        .execute();
      const row = await db
        .selectFrom('gateway_keys')
        .select('id')
        .where('key_hash', '=', hash)
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const firstId = await insert('a'.repeat(64));
    await db.deleteFrom('gateway_keys').where('id', '=', firstId).execute();
    const secondId = await insert('b'.repeat(64));
    assert.ok(secondId > firstId);
  });

  test('unknown newer migration refuses to start', async () => {
    const future = await createTestDatabase(kind);
    const futureDir = mkdtempSync(join(tmpdir(), 'portcullis-storage-'));
    const futureDb = openTestDatabase(future, futureDir);
    try {
      await migrateToLatest(futureDb);
      await sql`insert into kysely_migration (name, timestamp) values (${'9999-from-the-future'}, ${new Date().toISOString()})`.execute(
        futureDb,
      );
      await assert.rejects(migrateToLatest(futureDb), (error: unknown) => {
        assert.ok(error instanceof SchemaTooNewError);
        assert.match(error.message, /9999-from-the-future/);
        return true;
      });
      await assert.rejects(
        TestGateway.start({
          upstream: UNUSED_UPSTREAM,
          reuse: { database: future, dataDir: futureDir },
        }),
        SchemaTooNewError,
      );
    } finally {
      await futureDb.destroy();
      await future.drop();
      rmSync(futureDir, { recursive: true, force: true });
    }
  });
});

describeEachDatabase('storage through the gateway', (kind: DatabaseKind) => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database: kind,
      env: { REGISTER_LIMIT_PER_HOUR: '1000' },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('email stays unique under concurrent registers', async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      gateway.request<{ error?: { code: string } }>('POST', '/api/auth/register', {
        body: {
          email: i % 2 === 0 ? 'race@example.test' : 'RACE@example.test',
          password: `long-enough-password-${i}`,
        },
      }),
    );
    const responses = await Promise.all(attempts);
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [201, ...Array(11).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409)) {
      assert.equal(response.body.error?.code, 'email_taken');
    }
    const rows = await gateway.running.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'race@example.test')
      .execute();
    assert.equal(rows.length, 1);
  });

  test('provider keys round-trip', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    await saveProviderKey(ctx, user.row.id, 'sk-or-first-key-1111', false);
    await saveProviderKey(ctx, user.row.id, 'sk-or-second-key-2222', true);
    assert.equal(await loadProviderKey(ctx, user.row.id), 'sk-or-second-key-2222');
    const status = await providerKeyStatus(ctx, user.row.id);
    assert.equal(status.last4, '2222');
    assert.equal(status.verified, true);
  });
});

describeEachDatabase('encryption key check', (kind: DatabaseKind) => {
  test('wrong encryption key refuses to start', async () => {
    const env = { ENCRYPTION_MASTER_KEY: '1'.repeat(64) };
    const first = await TestGateway.start({ upstream: UNUSED_UPSTREAM, database: kind, env });
    await first.close({ keepData: true });
    const reuse = { database: first.database, dataDir: first.dataDir };
    try {
      await assert.rejects(
        TestGateway.start({
          upstream: UNUSED_UPSTREAM,
          reuse,
          env: { ENCRYPTION_MASTER_KEY: '2'.repeat(64) },
        }),
        (error: unknown) => {
          assert.ok(error instanceof EncryptionKeyMismatchError);
          assert.match(error.message, /^ENCRYPTION_MASTER_KEY: /);
          return true;
        },
      );
      const again = await TestGateway.start({ upstream: UNUSED_UPSTREAM, reuse, env });
      await again.close();
    } finally {
      await first.database.drop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
