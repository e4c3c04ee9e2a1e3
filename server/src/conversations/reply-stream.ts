import { CompletionTally } from '../chat/completion-tally.ts';
import { SseEventReader } from '../chat/sse-parser.ts';
import type { SseWriter } from '../chat/sse-writer.ts';
import type { StreamEnding, StreamRelayResult } from '../chat/stream-relay.ts';
import type { UpstreamChatResponse } from '../upstream/call-upstream.ts';
import { isTimeout } from '../upstream/map-transport-error.ts';

/** Extracts the content delta of one `chat.completion.chunk`, or '' when it has none. */
function contentDelta(chunk: unknown): string {
  const choices = (chunk as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return '';
  const content = (choices[0] as { delta?: { content?: unknown } } | undefined)?.delta?.content;
  return typeof content === 'string' ? content : '';
}

function endingOf(error: unknown, signal: AbortSignal): StreamEnding {
  if (signal.aborted) return signal.reason === 'shutdown' ? 'shutdown' : 'client_aborted';
  return isTimeout(error) ? 'timeout' : 'cut';
}

/**
 * Reads an upstream completion stream and writes each content delta as a
 * `token` event (its data a JSON string). Comments and events that are not
 * JSON are not passed on. Returns how the stream ended and its output. The
 * caller writes the closing `done` or `error` event.
 */
export async function streamReplyTokens(
  upstream: UpstreamChatResponse,
  writer: SseWriter,
  signal: AbortSignal,
  startedAt: number,
): Promise<StreamRelayResult> {
  const reader = new SseEventReader();
  const tally = new CompletionTally();
  let ttftMs: number | null = null;
  let sawDone = false;
  writer.armKeepalive();
  try {
    for await (const chunk of upstream.body) {
      let keepingUp = true;
      for (const event of reader.push(chunk as Buffer)) {
        if (event.kind === 'done') sawDone = true;
        if (event.kind !== 'data' || sawDone) continue;
        tally.addChunk(event.json);
        const delta = contentDelta(event.json);
        if (delta === '') continue;
        ttftMs ??= performance.now() - startedAt;
        keepingUp = writer.event('token', delta);
      }
      if (!keepingUp) await writer.drained();
    }
  } catch (error) {
    return { ending: endingOf(error, signal), tally, ttftMs, failure: error };
  }
  return { ending: sawDone ? 'done' : 'ended', tally, ttftMs, failure: undefined };
}
