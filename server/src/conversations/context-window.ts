import { estimateTokens } from '../chat/usage-estimate.ts';
import type { MessageRow } from '../storage/schema.ts';

/** One chat message as sent upstream. */
export interface UpstreamMessage {
  role: 'user' | 'assistant';
  content: string;
}

// Role markers and separators cost a few tokens per message with common chat templates.
const MESSAGE_OVERHEAD_TOKENS = 4;
// Part of the context left free for the reply: a quarter, at most this many tokens.
const MAX_REPLY_RESERVE_TOKENS = 4096;

function messageTokens(message: UpstreamMessage): number {
  return estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
}

/** Computes the token budget of the history: the context length minus room for the reply. */
export function historyBudget(contextLength: number): number {
  return contextLength - Math.min(MAX_REPLY_RESERVE_TOKENS, Math.floor(contextLength / 4));
}

/**
 * Builds the messages sent upstream: the stored history, oldest messages
 * dropped first until the estimate (4 characters per token) fits the
 * budget, and the new user message always kept. Empty replies (an error
 * before any text) are left out. Without a known context length nothing is dropped.
 */
export function buildContext(
  history: readonly MessageRow[],
  newMessage: string,
  contextLength: number | null,
): UpstreamMessage[] {
  const earlier = history
    .filter((row) => row.content !== '')
    .map((row): UpstreamMessage => ({ role: row.role, content: row.content }));
  const latest: UpstreamMessage = { role: 'user', content: newMessage };
  if (contextLength === null) return [...earlier, latest];
  let remaining = historyBudget(contextLength) - messageTokens(latest);
  const kept: UpstreamMessage[] = [];
  for (let i = earlier.length - 1; i >= 0; i -= 1) {
    const message = earlier[i] as UpstreamMessage;
    remaining -= messageTokens(message);
    if (remaining < 0) break;
    kept.unshift(message);
  }
  // A reply without the question that prompted it confuses models: start at a user message.
  while (kept[0]?.role === 'assistant') kept.shift();
  return [...kept, latest];
}
