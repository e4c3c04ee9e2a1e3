import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import { EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL, enableModels } from '../support/catalog.ts';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import type { DatabaseKind } from '../support/services.ts';

export { EMULATOR_PLAIN_MODEL, EMULATOR_TOOLS_MODEL };

/** One request as the emulator recorded it. */
export interface EmulatorRecord {
  id: number;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  aborted: boolean;
  status: number | null;
  endedAt: string | null;
}

/** A chat-log row as stored. */
export interface StoredChatLog {
  user_id: number | null;
  user_email: string;
  credential: string;
  source: string;
  model: string;
  model_served: string | null;
  outcome: string;
  status: number;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: number | null;
  usage_estimated: number;
  latency_ms: number;
  ttft_ms: number | null;
  prompt: string | null;
  reply: string | null;
}

export const USER_KEY = 'sk-or-v1-user-key-for-relay-tests';

/** An emulator and a gateway wired together, with the emulator's free models enabled. */
export class ChatFixture {
  constructor(
    readonly emulator: RunningEmulator,
    readonly gateway: TestGateway,
  ) {}

  static async start(
    options: {
      env?: Record<string, string>;
      database?: DatabaseKind;
      emulator?: Parameters<typeof startEmulator>[0];
    } = {},
  ): Promise<ChatFixture> {
    const emulator = await startEmulator({ port: 0, ...options.emulator });
    const gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: { RATE_LIMIT_PER_MINUTE: '1000', ...options.env },
      ...(options.database ? { database: options.database } : {}),
    });
    await enableModels(gateway, [EMULATOR_TOOLS_MODEL, EMULATOR_PLAIN_MODEL]);
    return new ChatFixture(emulator, gateway);
  }

  /** Creates a user with a stored (BYOK) OpenRouter key. */
  async userWithKey(apiKey = USER_KEY): Promise<TestUser> {
    const user = await this.gateway.createUser();
    const stored = await this.gateway.request('PUT', '/api/user/api-key', {
      token: user.token,
      body: { apiKey },
    });
    if (stored.status !== 204)
      throw new Error(`storing the key failed: ${stored.status} ${stored.text}`);
    return user;
  }

  /** Scripts the emulator's next matching request(s). */
  async scenario(scenario: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.emulator.origin}/__emulator/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: {}, ...scenario }),
    });
    if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
  }

  /** The chat-completion requests the emulator received, oldest first. */
  async upstreamRequests(): Promise<EmulatorRecord[]> {
    const response = await fetch(`${this.emulator.origin}/__emulator/requests`);
    const all = (await response.json()) as EmulatorRecord[];
    return all.filter((record) => record.path === '/api/v1/chat/completions');
  }

  async resetEmulator(): Promise<void> {
    await fetch(`${this.emulator.origin}/__emulator/state`, { method: 'DELETE' });
  }

  /** Waits until the user's chat-log rows number at least `count`, then returns them, oldest first. */
  async logsOf(userId: number, count = 1, timeoutMs = 3000): Promise<StoredChatLog[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = (await this.gateway.running.ctx.db
        .selectFrom('chat_logs')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('id')
        .execute()) as unknown as StoredChatLog[];
      if (rows.length >= count || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await this.emulator.close();
  }
}

/** A minimal valid chat body. */
export function chatBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: EMULATOR_PLAIN_MODEL,
    messages: [{ role: 'user', content: 'Hello there' }],
    ...extra,
  };
}

/** Reads a whole streamed reply as text. */
export async function streamText(response: Response): Promise<string> {
  return await response.text();
}

/** The data fields of an SSE text, in order (comments skipped). */
export function dataEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}
