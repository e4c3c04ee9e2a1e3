import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorReply } from './errors.ts';

/** Largest request body read, in bytes; OpenRouter accepts large image payloads too. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Collects the whole request body and calls `done` with its text, or with null once it
 * passes MAX_BODY_BYTES. A callback rather than a promise keeps the hot path lean.
 */
export function collectBody(request: IncomingMessage, done: (text: string | null) => void): void {
  const parts: Buffer[] = [];
  let size = 0;
  request.on('data', (part: Buffer) => {
    size += part.length;
    if (size <= MAX_BODY_BYTES) parts.push(part);
  });
  request.on('end', () => done(size > MAX_BODY_BYTES ? null : joinParts(parts)));
}

/** Reads the whole request body, or returns null once it passes MAX_BODY_BYTES. */
export function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => collectBody(request, resolve));
}

function joinParts(parts: Buffer[]): string {
  if (parts.length === 0) return '';
  if (parts.length === 1) return (parts[0] as Buffer).toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}

/** Sends a JSON body with its length, plus any extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  // A Buffer body goes out faster than a string one, which Node encodes on the way.
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    'content-length': bytes.length,
  });
  response.end(bytes);
}

/** Sends an OpenRouter error envelope. */
export function sendError(response: ServerResponse, reply: ErrorReply): void {
  sendJson(response, reply.status, reply.body, reply.headers);
}

/** Resolves after `ms` milliseconds; 0 or less resolves at once. */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
