import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** One recorded request, as `GET /__emulator/requests` lists it. */
export interface RequestRecord {
  id: number;
  method: string;
  path: string;
  /** Headers as Node parses them: lower-case names, values as sent, secrets included. */
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

/** Recent requests to the emulated API, oldest first. */
export class RequestLog {
  #records: RequestRecord[] = [];
  #nextId = 1;
  readonly #now: () => number;
  readonly #cut = new WeakSet<ServerResponse>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Records a request and keeps its record updated until the response closes. */
  track(request: IncomingMessage, response: ServerResponse, path: string): RequestRecord {
    const record: RequestRecord = {
      id: this.#nextId++,
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body: null,
      startedAt: new Date(this.#now()).toISOString(),
      endedAt: null,
      aborted: false,
      status: null,
    };
    this.#push(record);
    response.once('close', () => this.#finish(record, response));
    return record;
  }

  /** Returns the last REQUEST_LOG_LIMIT records, oldest first. */
  list(): readonly RequestRecord[] {
    const records = this.#records;
    return records.length > REQUEST_LOG_LIMIT ? records.slice(-REQUEST_LOG_LIMIT) : records;
  }

  /** Notes that the emulator itself cut this response, which is no client abort. */
  markCut(response: ServerResponse): void {
    this.#cut.add(response);
  }

  clear(): void {
    this.#records = [];
  }

  #push(record: RequestRecord): void {
    this.#records.push(record);
    // Dropping in batches keeps the cost of shifting the array off each request.
    if (this.#records.length > REQUEST_LOG_LIMIT + 1000) {
      this.#records = this.#records.slice(-REQUEST_LOG_LIMIT);
    }
  }

  #finish(record: RequestRecord, response: ServerResponse): void {
    record.endedAt = new Date(this.#now()).toISOString();
    record.aborted = !response.writableFinished && !this.#cut.has(response);
    record.status = response.headersSent ? response.statusCode : null;
  }
}

/** Parses a recorded body: JSON when it parses, else the text, null when empty. */
export function parseRecordedBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
