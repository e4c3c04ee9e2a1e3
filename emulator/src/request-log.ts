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

/**
 * A request as tracked while it runs. Headers, body and times are converted only when
 * listed, because building Node's header object on every request is measurable.
 */
export interface LogEntry {
  id: number;
  method: string;
  path: string;
  rawHeaders: string[];
  bodyText: string;
  startedMs: number;
  endedMs: number | null;
  aborted: boolean;
  status: number | null;
}

/** Maximum number of requests kept; older ones are dropped first. */
export const REQUEST_LOG_LIMIT = 10_000;

/** Recent requests to the emulated API, oldest first. */
export class RequestLog {
  #entries: LogEntry[] = [];
  #nextId = 1;
  readonly #now: () => number;
  readonly #cut = new WeakSet<ServerResponse>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Records a request and keeps its entry updated until the response closes. */
  track(request: IncomingMessage, response: ServerResponse, path: string): LogEntry {
    const entry: LogEntry = {
      id: this.#nextId++,
      method: request.method ?? 'GET',
      path,
      rawHeaders: request.rawHeaders,
      bodyText: '',
      startedMs: this.#now(),
      endedMs: null,
      aborted: false,
      status: null,
    };
    this.#push(entry);
    // 'close' fires once, and `on` avoids the wrapper closure that `once` allocates.
    response.on('close', () => this.#finish(entry, response));
    return entry;
  }

  /** Returns the last REQUEST_LOG_LIMIT requests, oldest first. */
  list(): RequestRecord[] {
    return this.#entries.slice(-REQUEST_LOG_LIMIT).map(toRecord);
  }

  /** Notes that the emulator itself cut this response, which is no client abort. */
  markCut(response: ServerResponse): void {
    this.#cut.add(response);
  }

  clear(): void {
    this.#entries = [];
  }

  #push(entry: LogEntry): void {
    this.#entries.push(entry);
    // Dropping in batches keeps the cost of shifting the array off each request.
    if (this.#entries.length > REQUEST_LOG_LIMIT + 1000) {
      this.#entries = this.#entries.slice(-REQUEST_LOG_LIMIT);
    }
  }

  #finish(entry: LogEntry, response: ServerResponse): void {
    entry.endedMs = this.#now();
    entry.aborted = !response.writableFinished && !this.#cut.has(response);
    entry.status = response.headersSent ? response.statusCode : null;
  }
}

function toRecord(entry: LogEntry): RequestRecord {
  const parsed = parseJsonBody(entry.bodyText);
  return {
    id: entry.id,
    method: entry.method,
    path: entry.path,
    headers: headerObject(entry.rawHeaders),
    body: parsed.error === undefined ? parsed.value : entry.bodyText,
    startedAt: new Date(entry.startedMs).toISOString(),
    endedAt: entry.endedMs === null ? null : new Date(entry.endedMs).toISOString(),
    aborted: entry.aborted,
    status: entry.status,
  };
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
