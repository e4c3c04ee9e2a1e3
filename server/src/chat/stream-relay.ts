import type { FastifyBaseLogger } from 'fastify';
import type { UpstreamChatResponse } from '../upstream/call-upstream.ts';
import { containsSecret, redactSecrets } from '../upstream/clean-message.ts';
import { isTimeout } from '../upstream/map-transport-error.ts';
import { CompletionTally } from './completion-tally.ts';
import { type SseEvent, SseEventReader } from './sse-parser.ts';
import type { SseWriter } from './sse-writer.ts';

/** The reason a relayed stream stopped. */
export type StreamEnding =
  /** The upstream sent `data: [DONE]`. */
  | 'done'
  /** The upstream closed the body without `[DONE]`. */
  | 'ended'
  /** The connection failed mid-body (reset, malformed chunking). */
  | 'cut'
  /** The upstream was silent for UPSTREAM_IDLE_TIMEOUT_MS. */
  | 'timeout'
  /** The client disconnected. */
  | 'client_aborted'
  /** The shutdown grace period ended. */
  | 'shutdown';

/** The outcome of a relayed stream. */
export interface StreamRelayResult {
  ending: StreamEnding;
  tally: CompletionTally;
  /** Milliseconds from `startedAt` to the first text or tool-call fragment, if any came. */
  ttftMs: number | null;
  /** The transport error behind `cut` or `timeout`. */
  failure: unknown;
}

export interface StreamRelayInput {
  upstream: UpstreamChatResponse;
  writer: SseWriter;
  /** Aborted with reason `client_aborted` or `shutdown`. */
  signal: AbortSignal;
  log: FastifyBaseLogger;
  /** performance.now() when the request arrived. */
  startedAt: number;
}

/**
 * Forwards each complete upstream event byte for byte the moment its blank
 * line arrives, holding partial events (dropped if the upstream stops first).
 * Data events that are not JSON are dropped and logged. It writes nothing of
 * its own: the caller ends the stream from the result.
 */
export async function relayStream(input: StreamRelayInput): Promise<StreamRelayResult> {
  const state = new RelayState(input);
  const chunks = input.upstream.body[Symbol.asyncIterator]();
  input.writer.armKeepalive();
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const keepingUp = state.forward(next.value as Buffer);
      if (state.sawDone) {
        drainAfterDone(chunks, input.upstream.body);
        return state.result('done', undefined);
      }
      if (!keepingUp) await input.writer.drained();
    }
  } catch (error) {
    return state.result(endingOf(error, input.signal), error);
  }
  if (state.pendingAtEnd())
    input.log.warn('upstream stream ended inside an event; partial event dropped');
  return state.result('ended', undefined);
}

// Most upstreams close the body right after [DONE]; reading that end lets the
// pool reuse the connection. One that stays open is closed after a second.
const DRAIN_AFTER_DONE_MS = 1000;

function drainAfterDone(chunks: AsyncIterator<unknown>, body: UpstreamChatResponse['body']): void {
  const timer = setTimeout(() => body.destroy(), DRAIN_AFTER_DONE_MS);
  const drain = async () => {
    while (!(await chunks.next()).done) {
      // Anything after [DONE] is discarded.
    }
  };
  drain()
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
}

function endingOf(error: unknown, signal: AbortSignal): StreamEnding {
  if (signal.aborted) return signal.reason === 'shutdown' ? 'shutdown' : 'client_aborted';
  return isTimeout(error) ? 'timeout' : 'cut';
}

class RelayState {
  readonly tally = new CompletionTally();
  readonly #reader = new SseEventReader();
  readonly #input: StreamRelayInput;
  sawDone = false;
  #ttftMs: number | null = null;
  #dropped = 0;

  constructor(input: StreamRelayInput) {
    this.#input = input;
  }

  /** Forwards the events completed by a chunk; false when the client's buffer is full. */
  forward(chunk: Buffer): boolean {
    let keepingUp = true;
    for (const event of this.#reader.push(chunk)) {
      if (this.sawDone) break;
      if (!this.#accept(event)) continue;
      keepingUp = this.#input.writer.writeRaw(redactEvent(event));
    }
    return keepingUp;
  }

  pendingAtEnd(): boolean {
    return this.#reader.pending;
  }

  result(ending: StreamEnding, failure: unknown): StreamRelayResult {
    return { ending, tally: this.tally, ttftMs: this.#ttftMs, failure };
  }

  // Returns false for an event that must not reach the client.
  #accept(event: SseEvent): boolean {
    if (event.kind === 'done') this.sawDone = true;
    if (event.kind === 'invalid') {
      this.#dropped += 1;
      if (this.#dropped === 1) {
        this.#input.log.warn(
          { bytes: event.raw.length },
          'upstream data event is not JSON; dropped',
        );
      }
      return false;
    }
    if (event.kind !== 'data') return true;
    this.tally.addChunk(event.json);
    if (this.#ttftMs === null && this.tally.hasOutput) {
      this.#ttftMs = performance.now() - this.#input.startedAt;
    }
    return true;
  }
}

/**
 * Events are forwarded byte for byte, except comments and error events that
 * carry something like a key or a bearer token: an upstream that echoes the
 * (possibly shared operator) key must not show it to the user. Content deltas
 * are the model's text and stay untouched.
 */
function redactEvent(event: SseEvent): Buffer {
  const mayCarrySecret =
    event.kind === 'comment' ||
    (event.kind === 'data' &&
      typeof event.json === 'object' &&
      event.json !== null &&
      'error' in event.json);
  if (!mayCarrySecret) return event.raw;
  const text = event.raw.toString('utf8');
  return containsSecret(text) ? Buffer.from(redactSecrets(text), 'utf8') : event.raw;
}
