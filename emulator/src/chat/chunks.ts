import type { ChunkError } from '../scenarios/types.ts';
import type { Completion } from './completion.ts';
import type { ToolCall } from './tools.ts';
import { legacyUsage } from './usage.ts';

/** Data events of one stream, as JSON texts in order, ending with `[DONE]`. */
export function streamEvents(completion: Completion): string[] {
  const head = chunkHead(completion);
  const events: string[] = [];
  for (const token of completion.tokens)
    events.push(chunk(head, { role: 'assistant', content: token }));
  completion.toolCalls.forEach((call, index) => {
    for (const delta of toolCallDeltas(call, index)) events.push(chunk(head, delta));
  });
  events.push(chunk(head, { role: 'assistant', content: '' }, completion.finishReason));
  if (completion.usage) events.push(usageChunk(head, completion));
  events.push('[DONE]');
  return events;
}

/** Builds the in-band error event sent after the 200, in the current or the legacy form. */
export function errorEvent(completion: Completion, failure: ChunkError): string {
  if (completion.legacy) return JSON.stringify({ error: failure.error });
  const head = chunkHead(completion);
  return JSON.stringify({
    ...head,
    error: failure.error,
    choices: [
      { index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: null },
    ],
  });
}

type ChunkHead = Record<string, unknown>;

function chunkHead(completion: Completion): ChunkHead {
  return {
    id: completion.id,
    provider: completion.provider,
    model: completion.model,
    object: 'chat.completion.chunk',
    created: completion.created,
  };
}

function chunk(head: ChunkHead, delta: object, finishReason: string | null = null): string {
  const choice = {
    index: 0,
    delta,
    finish_reason: finishReason,
    native_finish_reason: finishReason,
    logprobs: null,
  };
  return JSON.stringify({ ...head, choices: [choice] });
}

// The usage chunk has `choices: []`; the legacy form kept one empty delta and no cost.
function usageChunk(head: ChunkHead, completion: Completion): string {
  const usage = completion.usage as NonNullable<Completion['usage']>;
  if (!completion.legacy) return JSON.stringify({ ...head, choices: [], usage });
  const choice = { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null };
  return JSON.stringify({ ...head, choices: [choice], usage: legacyUsage(usage) });
}

/**
 * Splits one tool call into deltas the way OpenRouter streams them: the first carries
 * `index`, `id`, `type` and the name with empty arguments, the rest carry argument
 * fragments with only `index`.
 */
export function toolCallDeltas(call: ToolCall, index: number): object[] {
  const first = {
    index,
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: '' },
  };
  const deltas = [first, ...splitArguments(call.arguments).map((part) => fragment(index, part))];
  return deltas.map((toolCall) => ({ role: 'assistant', content: null, tool_calls: [toolCall] }));
}

function fragment(index: number, part: string) {
  return { index, function: { arguments: part } };
}

// Splits into at most four pieces of similar size, at least one when arguments are empty.
function splitArguments(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 4));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size)
    parts.push(text.slice(start, start + size));
  return parts.length > 0 ? parts : [''];
}
