import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { randomName, serviceSkipReason } from '../support/services.ts';

const skip = serviceSkipReason('TEST_POSTGRES_URL');
const BASE_URL = process.env.TEST_POSTGRES_URL ?? '';

// Kysely's migrator introspects every schema of the database; other schemas
// being created and dropped at the same time must not fail a migration. The
// churn runs in a database of its own, so it cannot disturb other suites.
describe('migration beside concurrent schema drops [postgres]', skip ? { skip } : {}, () => {
  const databaseName = randomName('pcl_churn_db');
  let server: pg.Client;
  let admin: pg.Client;
  let databaseUrl: string;

  before(async () => {
    server = new pg.Client({ connectionString: BASE_URL });
    await server.connect();
    await server.query(`create database ${databaseName}`);
    const url = new URL(BASE_URL);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    await server?.query(`drop database if exists ${databaseName}`);
    await server?.end();
  });

  test('migrations succeed while other schemas are dropped', async () => {
    let churning = true;
    const churn = (async () => {
      for (let round = 0; churning && round < 400; round += 1) {
        const schema = randomName('pcl_churn');
        await admin.query(`create schema ${schema}`);
        await admin.query(`create table ${schema}.t (id integer, note text)`);
        await admin.query(`drop schema ${schema} cascade`);
      }
    })();
    try {
      for (let run = 0; run < 8; run += 1) {
        const schema = randomName('pcl_test');
        await admin.query(`create schema ${schema}`);
        const url = new URL(databaseUrl);
        url.searchParams.set('schema', schema);
        const db = openDatabase({ kind: 'postgres', url: url.toString() });
        try {
          const applied = await migrateToLatest(db);
          assert.ok(applied.length > 0, `run ${run} applied no migration`);
        } finally {
          await db.destroy();
        }
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});
