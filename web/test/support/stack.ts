import { type RunningEmulator, startEmulator } from '../../../emulator/src/index.ts';
import {
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  TestGateway,
} from '../../../server/test/support/gateway.ts';
import { ensureWebBuilt } from './web-build.ts';

export { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD };

/** The emulator and a gateway wired to it, both on loopback ports, serving the built UI. */
export interface UiStack {
  emulator: RunningEmulator;
  gateway: TestGateway;
  /** The gateway's origin, where the UI is served. */
  url: string;
  /** Adds an emulator scenario (see the emulator's control API). */
  addScenario(scenario: unknown): Promise<void>;
  close(): Promise<void>;
}

export async function startUiStack(env: Record<string, string> = {}): Promise<UiStack> {
  await ensureWebBuilt();
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  let gateway: TestGateway;
  try {
    gateway = await TestGateway.start({ upstream: emulator.baseUrl, env });
    await gateway.ready();
    await assertServesUi(gateway.url);
  } catch (error) {
    // An open emulator would keep the test process alive until the runner's timeout.
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    gateway,
    url: gateway.url,
    async addScenario(scenario) {
      const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(scenario),
      });
      if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}

/**
 * Checks the SPA fallback up front, because without it every page load times out and
 * the browser tests would fail with timeouts that hide the cause.
 */
async function assertServesUi(origin: string): Promise<void> {
  const response = await fetch(`${origin}/login`, { headers: { accept: 'text/html' } });
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/html')) {
    const body = (await response.text()).slice(0, 200);
    throw new Error(
      `GET /login returned ${response.status} ${type} instead of index.html; the gateway's SPA fallback is not serving web/dist: ${body}`,
    );
  }
}

/** Builds the rawChunks of an OpenRouter-shaped stream that replies `text`, one line per chunk. */
export function streamChunks(model: string, text: string): string[] {
  const pieces = text.split(/(?<=\n)/);
  const chunk = (delta: Record<string, unknown>) =>
    `data: ${JSON.stringify({
      id: 'gen-ui-test',
      object: 'chat.completion.chunk',
      created: 1_800_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: null }],
    })}\n\n`;
  const finish = `data: ${JSON.stringify({
    id: 'gen-ui-test',
    object: 'chat.completion.chunk',
    created: 1_800_000_000,
    model,
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 12,
      completion_tokens: pieces.length,
      total_tokens: 12 + pieces.length,
    },
  })}\n\n`;
  return [
    ': OPENROUTER PROCESSING\n\n',
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((piece) => chunk({ content: piece })),
    finish,
    'data: [DONE]\n\n',
  ];
}
