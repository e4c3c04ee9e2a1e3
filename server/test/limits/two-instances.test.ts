import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { cliEnv, type ServeProcess, startServe } from '../cli/cli-process.ts';
import { EMULATOR_PLAIN_MODEL } from '../support/catalog.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/gateway.ts';
import { request } from '../support/http-client.ts';
import {
  createTestDatabase,
  redisTestPrefix,
  serviceSkipReason,
  type TestDatabase,
} from '../support/services.ts';
import { countUpstreamChats, type ErrorBody, OPERATOR_KEY } from './limits-fixture.ts';
import { dropRedisPrefix } from './redis-keys.ts';

const CONCURRENT = 50;
const DAILY_LIMIT = 5;
const PER_MINUTE = 4;

for (const kind of ['postgres', 'mysql'] as const) {
  const variable = kind === 'postgres' ? 'TEST_POSTGRES_URL' : 'TEST_MYSQL_URL';
  const skip = serviceSkipReason(variable) ?? serviceSkipReason('TEST_REDIS_URL');

  describe(
    `limits across two gateway processes [${kind} + redis]`,
    skip === undefined ? {} : { skip },
    () => {
      const redisUrl = process.env.TEST_REDIS_URL ?? '';
      const prefix = redisTestPrefix();
      let emulator: RunningEmulator;
      let database: TestDatabase;
      let gateways: ServeProcess[] = [];
      let admin = '';

      const call = <T>(
        index: number,
        method: string,
        path: string,
        options: Parameters<typeof request>[3] = {},
      ) => request<T>(gateways[index % gateways.length]?.url ?? '', method, path, options);
      const register = async () => {
        const email = `two-${randomBytes(4).toString('hex')}@example.test`;
        const response = await call<{ token: string; user: { id: number } }>(
          0,
          'POST',
          '/api/auth/register',
          {
            body: { email, password: 'password-for-two-instances' },
          },
        );
        assert.equal(response.status, 201, response.text);
        return response.body;
      };
      const chat = (index: number, token: string) =>
        call<ErrorBody>(index, 'POST', '/v1/chat/completions', {
          token,
          body: { model: EMULATOR_PLAIN_MODEL, messages: [{ role: 'user', content: 'Hello' }] },
        });
      const resetEmulator = () =>
        fetch(`${emulator.origin}/__emulator/state`, { method: 'DELETE' });

      before(async () => {
        emulator = await startEmulator({ port: 0 });
        database = await createTestDatabase(kind);
        const shared = {
          OPENROUTER_BASE_URL: emulator.baseUrl,
          DATABASE_URL: database.url ?? '',
          REDIS_URL: redisUrl,
          PORTCULLIS_REDIS_PREFIX: prefix,
          JWT_SECRET: randomBytes(48).toString('base64'),
          ENCRYPTION_MASTER_KEY: randomBytes(32).toString('hex'),
          KEY_POLICY: 'shared',
          OPENROUTER_API_KEY: OPERATOR_KEY,
          ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
          RATE_LIMIT_PER_MINUTE: '1000',
          REGISTER_LIMIT_PER_HOUR: '1000',
        };
        // One after the other, so the first creates the schema and the admin.
        gateways.push(await startServe(cliEnv(shared)));
        gateways.push(await startServe(cliEnv(shared)));
        const login = await call<{ token: string }>(0, 'POST', '/api/auth/login', {
          body: { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
        });
        admin = login.body.token;
        assert.equal(
          (await call(1, 'POST', '/api/admin/sync-models', { token: admin })).status,
          200,
        );
        const toggle = await call(0, 'PUT', '/api/admin/models/toggle', {
          token: admin,
          body: { modelId: EMULATOR_PLAIN_MODEL, enabled: true },
        });
        assert.equal(toggle.status, 200);
      });
      after(async () => {
        for (const gateway of gateways) await gateway.stop();
        gateways = [];
        await database?.drop();
        await emulator?.close();
        await dropRedisPrefix(redisUrl, prefix);
      });

      test('daily quota holds across two processes', async () => {
        const limit = await call(1, 'PUT', '/api/admin/usage-limits', {
          token: admin,
          body: {
            modelId: EMULATOR_PLAIN_MODEL,
            maxRequestsPerDay: DAILY_LIMIT,
            maxTokensPerDay: null,
          },
        });
        assert.equal(limit.status, 200);
        await resetEmulator();
        const user = await register();
        const responses = await Promise.all(
          Array.from({ length: CONCURRENT }, (_, i) => chat(i, user.token)),
        );
        assert.equal(responses.filter((response) => response.status === 200).length, DAILY_LIMIT);
        const refused = responses.filter((response) => response.status === 429);
        assert.equal(refused.length, CONCURRENT - DAILY_LIMIT);
        assert.ok(refused.every((response) => response.body.error.code === 'daily_limit_exceeded'));
        assert.equal(await countUpstreamChats(emulator), DAILY_LIMIT);
        const usage = await call<{ models: { requests: number }[] }>(1, 'GET', '/api/user/usage', {
          token: user.token,
        });
        assert.equal(usage.body.models[0]?.requests, DAILY_LIMIT);
        await call(0, 'PUT', '/api/admin/usage-limits', {
          token: admin,
          body: { modelId: EMULATOR_PLAIN_MODEL, maxRequestsPerDay: null, maxTokensPerDay: null },
        });
      });

      test('per-minute limit holds across two processes', async () => {
        const user = await register();
        const override = await call(0, 'PUT', `/api/admin/users/${user.user.id}/rate-limit`, {
          token: admin,
          body: { requestsPerMinute: PER_MINUTE },
        });
        assert.equal(override.status, 200);
        await resetEmulator();
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await chat(i, user.token)).status);
        assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
        assert.equal(await countUpstreamChats(emulator), PER_MINUTE);
      });
    },
  );
}
