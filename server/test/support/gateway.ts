import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loggerOptions } from '../../src/app/logger.ts';
import { type RunningGateway, startGateway } from '../../src/app/start.ts';
import { createAccount } from '../../src/auth/accounts.ts';
import type { Role } from '../../src/auth/principal.ts';
import { issueToken } from '../../src/auth/tokens.ts';
import type { UserRow } from '../../src/storage/schema.ts';
import { type RequestOptions, request, type TestResponse } from './http-client.ts';
import { assertNoSecrets, LogCapture } from './log-capture.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './services.ts';

export const TEST_ADMIN_EMAIL = 'admin@localhost';
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';
/** Cheap hashing for tests only; production never goes below 19456 KiB and 2 iterations. */
const TEST_ARGON2 = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };

export interface TestGatewayOptions {
  /** The emulator's base URL (http://127.0.0.1:PORT/api/v1). Required: no test reaches another host. */
  upstream: string;
  env?: Record<string, string>;
  database?: DatabaseKind;
  /** Reuse a database (and data dir) from an earlier gateway, to test restarts. */
  reuse?: { database: TestDatabase; dataDir: string };
  now?: () => number;
}

export interface TestUser {
  row: UserRow;
  token: string;
  password: string;
}

/** A gateway running in this process on a free loopback port, with its log captured. */
export class TestGateway {
  readonly running: RunningGateway;
  readonly logs: LogCapture;
  readonly database: TestDatabase;
  readonly dataDir: string;
  #userCount = 0;

  private constructor(
    running: RunningGateway,
    logs: LogCapture,
    database: TestDatabase,
    dataDir: string,
  ) {
    this.running = running;
    this.logs = logs;
    this.database = database;
    this.dataDir = dataDir;
  }

  static async start(options: TestGatewayOptions): Promise<TestGateway> {
    assertLoopback(options.upstream);
    const database =
      options.reuse?.database ?? (await createTestDatabase(options.database ?? 'sqlite'));
    const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'portcullis-test-'));
    const env: Record<string, string> = {
      PORTCULLIS_HOST: '127.0.0.1',
      PORTCULLIS_PORT: '0',
      PORTCULLIS_DATA_DIR: dataDir,
      OPENROUTER_BASE_URL: options.upstream,
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      MODEL_SYNC_ON_START: 'false',
      LOG_LEVEL: 'info',
      ...TEST_ARGON2,
      ...(database.url === undefined ? {} : { DATABASE_URL: database.url }),
      ...options.env,
    };
    assertLoopback(env.OPENROUTER_BASE_URL ?? '');
    const logs = new LogCapture();
    const logger = pino(loggerOptions(env.LOG_LEVEL ?? 'info'), logs);
    const running = await startGateway({
      env,
      logger,
      ...(options.now ? { now: options.now } : {}),
    });
    return new TestGateway(running, logs, database, dataDir);
  }

  get url(): string {
    return this.running.url;
  }

  request<T = unknown>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<TestResponse<T>> {
    return request<T>(this.url, method, path, options);
  }

  /** Waits until GET /api/health answers 200 (start-up tasks done). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.request('GET', '/api/health')).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('gateway did not become ready');
  }

  /** Creates an account directly in the database and signs a token for it. */
  async createUser(
    options: { role?: Role; email?: string; password?: string } = {},
  ): Promise<TestUser> {
    this.#userCount += 1;
    const { ctx } = this.running;
    const password = options.password ?? `password-${this.#userCount}-for-tests`;
    const row = await createAccount(
      ctx.db,
      {
        email: options.email ?? `user${this.#userCount}-${Date.now()}@example.test`,
        password,
        role: options.role ?? 'user',
        mustChangePassword: false,
      },
      { memoryKib: ctx.config.argon2MemoryKib, iterations: ctx.config.argon2Iterations },
      ctx.now(),
    );
    const { token } = await issueToken(
      ctx.secrets.jwtSecret,
      { userId: row.id, sessionCounter: row.session_counter, sessionSalt: row.session_salt },
      ctx.config.jwtExpirationMs,
      ctx.now(),
    );
    return { row, token, password };
  }

  /** Signs in the first-run admin over HTTP. */
  async adminToken(): Promise<string> {
    const response = await this.request<{ token: string }>('POST', '/api/auth/login', {
      body: { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
    });
    if (response.status !== 200)
      throw new Error(`admin login failed: ${response.status} ${response.text}`);
    return response.body.token;
  }

  /** Stops the gateway and fails when a secret reached its log. */
  async close(options: { keepData?: boolean } = {}): Promise<void> {
    const { secrets } = this.running.ctx;
    await this.running.close();
    assertNoSecrets(this.logs.text, [
      secrets.jwtSecret.toString('base64'),
      secrets.encryptionKey.toString('hex'),
      TEST_ADMIN_PASSWORD,
    ]);
    if (options.keepData) return;
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Refuses any upstream that is not on the loopback interface. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new Error(`tests may only use a loopback upstream, not ${host}`);
  }
}
