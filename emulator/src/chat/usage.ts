import type { Model } from '../catalog/types.ts';
import { contentText } from './reply.ts';
import type { ChatRequest } from './request.ts';

/** Usage block of a completion, with cost in USD as a number. */
export type Usage = Record<string, unknown> & {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
};

/**
 * Estimates prompt tokens as about four characters per token plus four per message. Real
 * counts come from each model's own tokenizer, so this is an estimate, but a stable one.
 */
export function estimatePromptTokens(request: ChatRequest): number {
  let characters = 0;
  for (const message of request.messages) characters += contentText(message.content).length;
  const toolCharacters = request.tools.length > 0 ? JSON.stringify(request.tools).length : 0;
  return Math.ceil((characters + toolCharacters) / 4) + 4 * request.messages.length + 3;
}

/** Builds the usage block OpenRouter sends, cost priced from the model's per-token prices. */
export function buildUsage(model: Model, promptTokens: number, completionTokens: number): Usage {
  const promptCost = promptTokens * price(model.pricing?.prompt);
  const completionCost = completionTokens * price(model.pricing?.completion);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    cost: round(promptCost + completionCost),
    is_byok: false,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0, video_tokens: 0 },
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: round(promptCost),
      upstream_inference_completions_cost: round(completionCost),
    },
    completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0 },
  };
}

/** Older usage form: the token counts without cost, as sent before usage accounting was default. */
export function legacyUsage(usage: Usage): Usage {
  const { prompt_tokens, completion_tokens, total_tokens } = usage;
  return { prompt_tokens, completion_tokens, total_tokens };
}

// "-1" marks a router's variable price; the emulator bills such requests at 0.
function price(value: unknown): number {
  const parsed = typeof value === 'string' ? Number(value) : 0;
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}
