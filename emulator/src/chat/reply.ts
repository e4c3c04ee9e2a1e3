import { seededRandom } from './hash.ts';
import type { ChatMessage } from './request.ts';

// Word pieces of a reply, each one token. Several are multi-byte in UTF-8 (2, 3 and 4
// bytes), so clients that split a stream by bytes get to decode characters across reads.
const VOCABULARY = [
  ' the',
  ' gateway',
  ' emulated',
  ' reply',
  ' café',
  ' naïve',
  ' résumé',
  ' 中文',
  ' 模型',
  ' 🚀',
  ' ✨',
  ' Ωmega',
  ' über',
  ' streams',
  ' tokens',
  ' are',
  ' deterministic',
  ' and',
  ' 😀',
  ',',
  '.',
];

const OPENING = ['Emulated', ' answer', ':'];

/** Builds the tokens of a text reply, a pure function of the request seed. */
export function textTokens(seed: number, count: number): string[] {
  const next = seededRandom(seed);
  const tokens = OPENING.slice(0, count);
  while (tokens.length < count) {
    tokens.push(VOCABULARY[next() % VOCABULARY.length] as string);
  }
  return tokens;
}

/** Collects the content of the tool messages sent since the last user message. */
export function recentToolResults(messages: readonly ChatMessage[]): string[] {
  const results: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'user') break;
    if (message.role === 'tool') results.unshift(contentText(message.content));
  }
  return results;
}

/** Builds a reply that quotes the tool results, one token per word. */
export function toolResultTokens(results: readonly string[]): string[] {
  const text = `Tool results: ${results.join(' | ')}`.trimEnd();
  return text.match(/\s*\S+/g) ?? [];
}

/** Flattens message content to text: a string as it is, the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: unknown; text?: unknown }) =>
      typeof part?.text === 'string' ? part.text : '',
    )
    .join('');
}
