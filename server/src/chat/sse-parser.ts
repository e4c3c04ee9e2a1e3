import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** One complete server-sent event: its exact bytes and what they hold. */
export interface SseEvent {
  /** The event's bytes up to and including its blank line, to forward unchanged. */
  raw: Buffer;
  /**
   * `comment` for `: …` lines only; `done` for `data: [DONE]`; `data` for a JSON
   * data field; `invalid` for a data field that is not JSON; `other` for an event
   * without data (blank lines, `id:` or `retry:` only).
   */
  kind: 'comment' | 'data' | 'done' | 'invalid' | 'other';
  /** The `event:` field, when the event has one. */
  name: string | undefined;
  /** The parsed JSON of a `data` event. */
  json: unknown;
  /** The data field's text, for `data` and `invalid` events. */
  data: string | undefined;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into complete server-sent events, whatever the chunking:
 * an event split across reads, several events in one read, or a UTF-8 character
 * split between reads. A partial event is held until its terminating blank line
 * arrives; `pending` is true when one is held at the end of the stream. Each
 * complete event is interpreted with eventsource-parser.
 *
 * NOTE: lines ending in a lone CR (allowed by the SSE grammar, sent by no known
 * OpenRouter endpoint) are not treated as line ends here.
 */
export class SseEventReader {
  #pending: Buffer | undefined;
  /** Offset inside `#pending` where the scan for the next terminator resumes. */
  #scanFrom = 0;
  readonly #parser: EventSourceParser;
  #current: SseEvent | undefined;

  constructor() {
    this.#parser = createParser({
      onEvent: (message) => this.#onMessage(message),
      onComment: () => {
        if (this.#current !== undefined && this.#current.kind === 'other')
          this.#current.kind = 'comment';
      },
    });
  }

  /** True while a partial event is held. */
  get pending(): boolean {
    return this.#pending !== undefined && this.#pending.length > 0;
  }

  /** Feeds bytes and returns the events they complete, in order. */
  push(bytes: Buffer): SseEvent[] {
    const buffer = this.#pending === undefined ? bytes : Buffer.concat([this.#pending, bytes]);
    const events: SseEvent[] = [];
    let start = 0;
    let end = findEventEnd(buffer, start, Math.max(start, this.#scanFrom));
    while (end !== -1) {
      events.push(this.#interpret(buffer.subarray(start, end)));
      start = end;
      end = findEventEnd(buffer, start, start);
    }
    this.#pending = start === buffer.length ? undefined : buffer.subarray(start);
    // A terminator may straddle reads: rescan the last two bytes with the next ones.
    this.#scanFrom = this.#pending === undefined ? 0 : Math.max(0, this.#pending.length - 2);
    return events;
  }

  #interpret(raw: Buffer): SseEvent {
    const event: SseEvent = {
      raw,
      kind: 'other',
      name: undefined,
      json: undefined,
      data: undefined,
    };
    this.#current = event;
    this.#parser.feed(raw.toString('utf8'));
    this.#current = undefined;
    return event;
  }

  #onMessage(message: EventSourceMessage): void {
    const event = this.#current;
    if (event === undefined) return;
    event.name = message.event;
    event.data = message.data;
    if (message.data === '[DONE]') {
      event.kind = 'done';
      return;
    }
    try {
      event.json = JSON.parse(message.data);
      event.kind = 'data';
    } catch {
      event.kind = 'invalid';
    }
  }
}

/** Returns the index just past the blank line ending the event that starts at `start`, or -1. */
function findEventEnd(buffer: Buffer, start: number, from: number): number {
  for (let lf = buffer.indexOf(LF, from); lf !== -1; lf = buffer.indexOf(LF, lf + 1)) {
    let before = lf - 1;
    if (before >= start && buffer[before] === CR) before -= 1;
    if (before < start || buffer[before] === LF) return lf + 1;
  }
  return -1;
}
