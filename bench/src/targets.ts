import { BENCH_ADMIN_PASSWORD, OPERATOR_KEY } from './processes.ts';

/** One way of reaching chat completions: directly, through nginx or through the gateway. */
export interface Target {
  name: 'direct' | 'nginx' | 'gateway';
  /** Full URL of the chat-completions endpoint. */
  url: string;
  headers: Record<string, string>;
}

export const BENCH_MODEL = 'acme/quill-3b:free';

/** The request body of every scenario. */
export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: BENCH_MODEL,
    stream,
    messages: [{ role: 'user', content: 'Benchmark prompt: say something.' }],
  });
}

export function emulatorTarget(name: 'direct' | 'nginx', origin: string): Target {
  return {
    name,
    url: `${origin}/api/v1/chat/completions`,
    headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
  };
}

async function call<T>(
  url: string,
  method: string,
  token: string | undefined,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * Prepares the gateway through its own API: signs in the first-run admin,
 * syncs the catalogue from the emulator, enables the benchmark model and
 * creates a gateway API key for /v1.
 */
export async function gatewayTarget(gatewayUrl: string): Promise<Target> {
  const { token } = await call<{ token: string }>(
    `${gatewayUrl}/api/auth/login`,
    'POST',
    undefined,
    {
      email: 'admin@localhost',
      password: BENCH_ADMIN_PASSWORD,
    },
  );
  await call(`${gatewayUrl}/api/admin/sync-models`, 'POST', token);
  await call(`${gatewayUrl}/api/admin/models/toggle`, 'PUT', token, {
    modelId: BENCH_MODEL,
    enabled: true,
  });
  const { key } = await call<{ key: string }>(
    `${gatewayUrl}/api/user/gateway-keys`,
    'POST',
    token,
    {
      name: 'benchmark',
    },
  );
  return {
    name: 'gateway',
    url: `${gatewayUrl}/v1/chat/completions`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  };
}
