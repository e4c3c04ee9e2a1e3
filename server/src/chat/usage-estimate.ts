import type { CompletionUsage } from './completion-tally.ts';

// About four characters per token for English text with common tokenizers; an
// estimate only, used when the upstream never sent usage (an aborted or cut stream).
const CHARACTERS_PER_TOKEN = 4;

/** Estimates the token count of a text. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** The text of chat messages, for estimating prompt tokens. */
export function promptText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  const parts: string[] = [];
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content === 'string') parts.push(content);
    if (!Array.isArray(content)) continue;
    for (const part of content) {
      const text = (part as { text?: unknown } | null)?.text;
      if (typeof text === 'string') parts.push(text);
    }
  }
  return parts.join('\n');
}

/** Estimated usage of a call from its prompt and the reply text relayed so far. */
export function estimateUsage(prompt: string, reply: string): CompletionUsage {
  const promptTokens = estimateTokens(prompt);
  const completionTokens = estimateTokens(reply);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cost: null,
  };
}
