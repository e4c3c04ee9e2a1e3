import { after, before } from 'node:test';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../src/index.ts';

export const KEY = 'sk-or-v1-test0000000000000000000000000000';
export const FREE_TOOLS_MODEL = 'acme/atlas-8b:free';
export const NO_TOOLS_MODEL = 'acme/quill-3b:free';

/** Starts one emulator for the file's tests and closes it after them. */
export function useEmulator(options: EmulatorOptions = {}): { current: RunningEmulator } {
  const holder = {} as { current: RunningEmulator };
  before(async () => {
    holder.current = await startEmulator({ port: 0, host: '127.0.0.1', ...options });
  });
  after(() => holder.current.close());
  return holder;
}

/** Posts a chat-completions body with the test key unless `key` is given (null sends none). */
export function postChat(
  emulator: RunningEmulator,
  body: unknown,
  key: string | null = KEY,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${emulator.baseUrl}/chat/completions`, { method: 'POST', headers, body: text });
}

/** Adds a scenario through the control API and returns its id. */
export async function addScenario(emulator: RunningEmulator, scenario: unknown): Promise<string> {
  const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Clears scenarios and the request log. */
export async function resetState(emulator: RunningEmulator): Promise<void> {
  await fetch(`${emulator.origin}/__emulator/state`, { method: 'DELETE' });
}

/** One SSE event: a comment line or a data payload. */
export type SseEvent = { comment: string } | { data: string };

/** Splits an SSE text into its events, comments included, in order. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => (block.startsWith(':') ? { comment: block } : { data: block.slice(6) }));
}

/** Data payloads of a stream, `[DONE]` excluded, parsed as JSON. */
export function dataChunks(events: SseEvent[]): Record<string, unknown>[] {
  return events
    .filter((event): event is { data: string } => 'data' in event && event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

/** Concatenates the content deltas of stream chunks. */
export function streamedText(chunks: Record<string, unknown>[]): string {
  let text = '';
  for (const chunk of chunks) {
    const choice = (chunk.choices as { delta?: { content?: string | null } }[])[0];
    text += choice?.delta?.content ?? '';
  }
  return text;
}

export const sampleMessages = [{ role: 'user', content: 'Say something deterministic.' }];
