import type { RunningEmulator } from '../../../emulator/src/index.ts';

/** Options of one invented `/models` entry. */
export interface EntryOptions {
  prompt?: string;
  completion?: string;
  output?: string[];
  tools?: boolean;
  expiration?: string | null;
  contextLength?: number | null;
  name?: string;
}

/** Builds a `/models` entry in the upstream's shape; free and text-only unless the options change that. */
export function modelEntry(id: string, options: EntryOptions = {}): Record<string, unknown> {
  const output = options.output ?? ['text'];
  return {
    id,
    canonical_slug: id.replace(/:.*$/, ''),
    name: options.name ?? `Test: ${id}`,
    created: 1_780_000_000,
    description: `Description of ${id}.`,
    context_length: options.contextLength === undefined ? 8192 : options.contextLength,
    architecture: {
      modality: `text->${output.join('+')}`,
      input_modalities: ['text'],
      output_modalities: output,
      tokenizer: 'Other',
      instruct_type: null,
    },
    pricing: { prompt: options.prompt ?? '0', completion: options.completion ?? '0' },
    top_provider: { context_length: 8192, max_completion_tokens: null, is_moderated: false },
    per_request_limits: null,
    supported_parameters:
      options.tools === false ? ['max_tokens'] : ['max_tokens', 'tools', 'tool_choice'],
    default_parameters: {},
    supported_voices: null,
    knowledge_cutoff: null,
    expiration_date: options.expiration ?? null,
    links: { details: `/api/v1/models/${id}/endpoints` },
  };
}

/** Scripts the emulator's next reply to `GET /api/v1/models`. */
export async function scriptModelList(
  emulator: RunningEmulator,
  reply: { body?: unknown; status?: number; delayBeforeHeadersMs?: number; times?: number },
): Promise<void> {
  const response = await fetch(`${emulator.origin}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match: { path: '/api/v1/models' }, times: 1, ...reply }),
  });
  if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
}

/** Clears the emulator's scenarios and request log. */
export async function resetEmulator(emulator: RunningEmulator): Promise<void> {
  await fetch(`${emulator.origin}/__emulator/state`, { method: 'DELETE' });
}
