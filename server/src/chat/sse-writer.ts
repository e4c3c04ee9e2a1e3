import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Milliseconds of silence after which a `: keepalive` comment is written. */
export const KEEPALIVE_MS = 15_000;

const KEEPALIVE = Buffer.from(': keepalive\n\n');
const DONE = Buffer.from('data: [DONE]\n\n');

// The headers the security-headers hook would add, since a stream bypasses onSend.
const STREAM_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface SseWriterOptions {
  headers?: OutgoingHttpHeaders;
  onStart?: () => void;
}

/**
 * Writes one server-sent event stream to a raw Node response: forwarded event
 * bytes, JSON data events, named events (`event: NAME\ndata: JSON\n\n`) and
 * comments. Every write is a whole event, so a `: keepalive` comment (after
 * KEEPALIVE_MS without a write, once armed) never lands inside another event.
 * The writer sends the 200 and its headers on the first write, not before.
 */
export class SseWriter {
  readonly #response: ServerResponse;
  readonly #headers: OutgoingHttpHeaders;
  readonly #onStart: (() => void) | undefined;
  #keepalive: NodeJS.Timeout | undefined;
  #started = false;

  /**
   * `headers` are sent with the 200 (the stream headers win on conflict);
   * `onStart` runs just before, such as Fastify's `reply.hijack()`.
   */
  constructor(response: ServerResponse, options: SseWriterOptions = {}) {
    this.#response = response;
    this.#headers = options.headers ?? {};
    this.#onStart = options.onStart;
  }

  /** True once the 200 and the headers were sent. */
  get started(): boolean {
    return this.#started;
  }

  /** True when the response can take no more writes (ended, or the client left). */
  get closed(): boolean {
    return this.#response.writableEnded || this.#response.destroyed;
  }

  /** Sends the 200 and the headers now, if not done yet. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#onStart?.();
    this.#response.writeHead(200, { ...this.#headers, ...STREAM_HEADERS });
    this.#response.flushHeaders();
  }

  /**
   * Starts the keepalive timer: after KEEPALIVE_MS without a write, a
   * `: keepalive` comment goes out (sending the 200 first if needed).
   */
  armKeepalive(): void {
    if (this.#keepalive !== undefined) return;
    this.#keepalive = setTimeout(() => this.#sendKeepalive(), KEEPALIVE_MS);
    this.#keepalive.unref();
  }

  /** Writes bytes that already form whole events. Returns false when the client is not keeping up. */
  writeRaw(bytes: Buffer): boolean {
    if (this.closed) return false;
    this.start();
    this.#keepalive?.refresh();
    return this.#response.write(bytes);
  }

  /** Writes `data: JSON\n\n`. */
  data(value: unknown): boolean {
    return this.writeRaw(Buffer.from(`data: ${JSON.stringify(value)}\n\n`));
  }

  /** Writes the named event `event: NAME\ndata: JSON\n\n`. */
  event(name: string, value: unknown): boolean {
    return this.writeRaw(Buffer.from(`event: ${name}\ndata: ${JSON.stringify(value)}\n\n`));
  }

  /** Writes `: TEXT\n\n`. */
  comment(text: string): boolean {
    return this.writeRaw(Buffer.from(`: ${text}\n\n`));
  }

  /** Writes `data: [DONE]\n\n`. */
  done(): boolean {
    return this.writeRaw(DONE);
  }

  /** Resolves when the client has taken the buffered bytes, or has left. */
  drained(): Promise<void> {
    if (this.closed || !this.#response.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        this.#response.off('drain', finish);
        this.#response.off('close', finish);
        resolve();
      };
      this.#response.on('drain', finish);
      this.#response.on('close', finish);
    });
  }

  /** Stops the keepalive timer and ends the response. */
  end(): void {
    this.#stopKeepalive();
    if (!this.closed) this.#response.end();
  }

  #sendKeepalive(): void {
    if (this.closed) {
      this.#stopKeepalive();
      return;
    }
    this.start();
    this.#response.write(KEEPALIVE);
    this.#keepalive?.refresh();
  }

  #stopKeepalive(): void {
    if (this.#keepalive !== undefined) clearTimeout(this.#keepalive);
    this.#keepalive = undefined;
  }
}
