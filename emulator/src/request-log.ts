import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody } from './json-body.ts';

/** One recorded request, as `GET /__emulator/requests` lists it. */
export interface RequestRecord {
  id: number;
  method: string;
  path: string;
  /** Headers with lower-case names and values as sent, secrets included. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  startedAt: string;
  endedAt: string | null;
  /** True when the client disconnected before the response ended. */
  aborted: boolean;
  /** Status sent, or null when the connection closed before any headers. */
  status: number | null;
}

/** Maximum number of requests kept; older ones are dropped first. */
export const REQUEST_LOG_LIMIT = 10_000;

// Bytes kept per request for method, path, headers and body; longer texts go to `#overflow`.
const SLOT_BYTES = 2048;
// Separates the parts of a slot; HTTP forbids it inside methods, paths and header fields.
const SEPARATOR = '\n';

/**
 * Recent requests to the emulated API, oldest first, in a ring of REQUEST_LOG_LIMIT slots.
 * The text of each request is written into one preallocated buffer and its numbers into
 * typed arrays. Keeping objects per request instead made every garbage collection copy
 * them, which cost about 6 µs per request under load.
 */
export class RequestLog {
  readonly #now: () => number;
  readonly #text = Buffer.alloc(REQUEST_LOG_LIMIT * SLOT_BYTES);
  readonly #textLength = new Int32Array(REQUEST_LOG_LIMIT);
  readonly #ids = new Float64Array(REQUEST_LOG_LIMIT);
  readonly #started = new Float64Array(REQUEST_LOG_LIMIT);
  readonly #ended = new Float64Array(REQUEST_LOG_LIMIT);
  readonly #status = new Int16Array(REQUEST_LOG_LIMIT);
  readonly #aborted = new Uint8Array(REQUEST_LOG_LIMIT);
  readonly #overflow = new Map<number, string>();
  readonly #cut = new WeakSet<ServerResponse>();
  #nextId = 1;
  #count = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Records a request and updates its slot when the response closes; returns its id. */
  track(request: IncomingMessage, response: ServerResponse, path: string): number {
    const id = this.#nextId++;
    const slot = id % REQUEST_LOG_LIMIT;
    this.#ids[slot] = id;
    this.#started[slot] = this.#now();
    this.#ended[slot] = Number.NaN;
    this.#status[slot] = 0;
    this.#aborted[slot] = 0;
    this.#count = Math.min(this.#count + 1, REQUEST_LOG_LIMIT);
    this.#write(slot, `${request.method}\n${path}\n${request.rawHeaders.join(SEPARATOR)}\n\n`);
    // 'close' fires once, and `on` avoids the wrapper closure that `once` allocates.
    response.on('close', () => this.#finish(id, response));
    return id;
  }

  /** Stores the body of a tracked request once it has been read. */
  setBody(id: number, body: string): void {
    const slot = id % REQUEST_LOG_LIMIT;
    if (this.#ids[slot] !== id || body === '') return;
    const used = this.#textLength[slot] as number;
    const fits = !this.#overflow.has(slot) && used + body.length * 3 <= SLOT_BYTES;
    if (!fits) {
      this.#write(slot, this.#read(slot) + body);
      return;
    }
    const written = this.#text.write(body, slot * SLOT_BYTES + used, 'utf8');
    this.#textLength[slot] = used + written;
  }

  /** Returns the recorded requests, oldest first. */
  list(): RequestRecord[] {
    const records: RequestRecord[] = [];
    const first = this.#nextId - this.#count;
    for (let id = first; id < this.#nextId; id++) records.push(this.#record(id));
    return records;
  }

  /** Notes that the emulator itself cut this response, which is no client abort. */
  markCut(response: ServerResponse): void {
    this.#cut.add(response);
  }

  clear(): void {
    this.#ids.fill(0);
    this.#overflow.clear();
    this.#count = 0;
  }

  #finish(id: number, response: ServerResponse): void {
    const slot = id % REQUEST_LOG_LIMIT;
    if (this.#ids[slot] !== id) return;
    this.#ended[slot] = this.#now();
    this.#aborted[slot] = !response.writableFinished && !this.#cut.has(response) ? 1 : 0;
    this.#status[slot] = response.headersSent ? response.statusCode : 0;
  }

  #write(slot: number, text: string): void {
    this.#overflow.delete(slot);
    if (text.length * 3 > SLOT_BYTES && Buffer.byteLength(text) > SLOT_BYTES) {
      this.#overflow.set(slot, text);
      return;
    }
    this.#textLength[slot] = this.#text.write(text, slot * SLOT_BYTES, 'utf8');
  }

  #read(slot: number): string {
    const start = slot * SLOT_BYTES;
    const long = this.#overflow.get(slot);
    return long ?? this.#text.toString('utf8', start, start + (this.#textLength[slot] as number));
  }

  #record(id: number): RequestRecord {
    const slot = id % REQUEST_LOG_LIMIT;
    const text = this.#read(slot);
    const headEnd = text.indexOf('\n\n');
    const [method = '', path = '', ...rawHeaders] = text.slice(0, headEnd).split(SEPARATOR);
    const ended = this.#ended[slot] as number;
    return {
      id,
      method,
      path,
      headers: headerObject(rawHeaders),
      body: recordedBody(text.slice(headEnd + 2)),
      startedAt: new Date(this.#started[slot] as number).toISOString(),
      endedAt: Number.isNaN(ended) ? null : new Date(ended).toISOString(),
      aborted: this.#aborted[slot] === 1,
      status: this.#status[slot] === 0 ? null : (this.#status[slot] as number),
    };
  }
}

function recordedBody(text: string): unknown {
  const parsed = parseJsonBody(text);
  return parsed.error === undefined ? parsed.value : text;
}

// Same rules as Node's `request.headers`: lower-case names, and repeated headers joined
// with ", ", except that a repeated set-cookie keeps only its joined text too.
function headerObject(rawHeaders: string[]): IncomingHttpHeaders {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return headers;
}
