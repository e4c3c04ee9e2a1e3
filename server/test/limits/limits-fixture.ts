import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL, enableModels } from '../support/catalog.ts';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import type { TestResponse } from '../support/http-client.ts';
import type { DatabaseKind, TestDatabase } from '../support/services.ts';

export { EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL };

/** The operator key the shared key policy sends upstream; the emulator accepts any `sk-or-` key. */
export const OPERATOR_KEY = 'sk-or-v1-operator-key-for-limit-tests';

export interface ErrorBody {
  error: { code: string; type: string; message: string; param?: string; resetAt?: string };
}

export interface UsageBody {
  day: string;
  timezone: string;
  resetAt: string;
  models: {
    modelId: string;
    requests: number;
    totalTokens: number;
    maxRequestsPerDay: number | null;
    maxTokensPerDay: number | null;
  }[];
}

export interface LimitsFixtureOptions {
  database?: DatabaseKind;
  env?: Record<string, string>;
  now?: () => number;
  emulator?: RunningEmulator;
  reuse?: { database: TestDatabase; dataDir: string };
  /** Signs the admin in over HTTP (default) rather than signing a token for a new admin account. */
  adminLogin?: boolean;
}

/** An emulator and a gateway with the shared operator key and two free models enabled. */
export class LimitsFixture {
  admin = '';

  private constructor(
    readonly emulator: RunningEmulator,
    readonly gateway: TestGateway,
    private readonly ownsEmulator: boolean,
  ) {}

  static async start(options: LimitsFixtureOptions = {}): Promise<LimitsFixture> {
    const emulator = options.emulator ?? (await startEmulator({ port: 0 }));
    const gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: {
        KEY_POLICY: 'shared',
        OPENROUTER_API_KEY: OPERATOR_KEY,
        RATE_LIMIT_PER_MINUTE: '1000',
        ...options.env,
      },
      ...(options.database ? { database: options.database } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.reuse ? { reuse: options.reuse } : {}),
    });
    const fixture = new LimitsFixture(emulator, gateway, options.emulator === undefined);
    fixture.admin =
      options.adminLogin === false
        ? (await gateway.createUser({ role: 'admin' })).token
        : await gateway.adminToken();
    if (options.reuse === undefined)
      await enableModels(gateway, [EMULATOR_TOOLS_MODEL, EMULATOR_PLAIN_MODEL], fixture.admin);
    return fixture;
  }

  chat(token: string, extra: Record<string, unknown> = {}): Promise<TestResponse<ErrorBody>> {
    return this.gateway.request<ErrorBody>('POST', '/v1/chat/completions', {
      token,
      body: {
        model: EMULATOR_PLAIN_MODEL,
        messages: [{ role: 'user', content: 'Hello' }],
        ...extra,
      },
    });
  }

  async usage(user: TestUser): Promise<UsageBody> {
    const response = await this.gateway.request<UsageBody>('GET', '/api/user/usage', {
      token: user.token,
    });
    if (response.status !== 200)
      throw new Error(`usage failed: ${response.status} ${response.text}`);
    return response.body;
  }

  /** Today's request count of one user for one model (0 without a row). */
  async requestsToday(user: TestUser, modelId = EMULATOR_PLAIN_MODEL): Promise<number> {
    return (
      (await this.usage(user)).models.find((model) => model.modelId === modelId)?.requests ?? 0
    );
  }

  async setLimit(
    modelId: string,
    maxRequestsPerDay: number | null,
    maxTokensPerDay: number | null = null,
  ) {
    const response = await this.gateway.request('PUT', '/api/admin/usage-limits', {
      token: this.admin,
      body: { modelId, maxRequestsPerDay, maxTokensPerDay },
    });
    if (response.status !== 200)
      throw new Error(`usage-limits failed: ${response.status} ${response.text}`);
  }

  async scenario(scenario: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.emulator.origin}/__emulator/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: {}, ...scenario }),
    });
    if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
  }

  /** How many chat completions reached the emulator since its last reset. */
  async upstreamChats(): Promise<number> {
    return countUpstreamChats(this.emulator);
  }

  async resetEmulator(): Promise<void> {
    await fetch(`${this.emulator.origin}/__emulator/state`, { method: 'DELETE' });
  }

  async close(options: { keepData?: boolean } = {}): Promise<void> {
    await this.gateway.close(options);
    if (this.ownsEmulator) await this.emulator.close();
  }
}

/** How many chat completions reached the emulator since its last reset. */
export async function countUpstreamChats(emulator: RunningEmulator): Promise<number> {
  const records = (await (await fetch(`${emulator.origin}/__emulator/requests`)).json()) as {
    path: string;
  }[];
  return records.filter((record) => record.path === '/api/v1/chat/completions').length;
}
