import type { ChunkError } from '../scenarios/types.ts';
import type { Completion } from './completion.ts';
import type { ToolCall } from './tools.ts';

/** Builds the non-streaming `chat.completion` body. */
export function completionBody(completion: Completion): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: completion.id,
    provider: completion.provider,
    model: completion.model,
    object: 'chat.completion',
    created: completion.created,
    choices: [
      {
        logprobs: null,
        finish_reason: completion.finishReason,
        native_finish_reason: completion.finishReason,
        index: 0,
        message: assistantMessage(completion),
      },
    ],
  };
  if (completion.usage) body.usage = completion.usage;
  return body;
}

/**
 * Builds the HTTP 200 body of a generation that failed after `n` tokens: the partial message
 * with `finish_reason: "error"` and the error on the choice, or the bare legacy error object.
 */
export function failedCompletionBody(completion: Completion, failure: ChunkError) {
  if (completion.legacy) return { error: failure.error };
  const partial = { ...completion, tokens: completion.tokens.slice(0, failure.n), toolCalls: [] };
  const body = completionBody(partial);
  const [choice] = body.choices as Record<string, unknown>[];
  Object.assign(choice as object, { finish_reason: 'error', native_finish_reason: null });
  (choice as Record<string, unknown>).error = failure.error;
  return body;
}

function assistantMessage(completion: Completion): Record<string, unknown> {
  const hasCalls = completion.toolCalls.length > 0;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: hasCalls ? null : completion.tokens.join(''),
    refusal: null,
    reasoning: null,
  };
  if (hasCalls) message.tool_calls = completion.toolCalls.map(toolCallObject);
  return message;
}

function toolCallObject(call: ToolCall, index: number) {
  return {
    index,
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  };
}
