import { ApiError, isErrorBody } from './errors.ts';
import { readServerSentEvents } from './sse.ts';
import type { StreamDone } from './types.ts';

/** An event of a conversation reply stream, decoded. */
export type ReplyEvent =
  | { type: 'token'; delta: string }
  | { type: 'done'; done: StreamDone }
  | { type: 'error'; error: ApiError };

/**
 * Decodes the named events of `POST /api/conversations/{id}/messages/stream`:
 * `token` (a JSON string), `done` and `error` (`{error, status}`). Unknown events are
 * skipped so the server can add new ones.
 */
export async function* readReplyStream(response: Response): AsyncGenerator<ReplyEvent> {
  if (response.body === null) return;
  for await (const { event, data } of readServerSentEvents(response.body)) {
    const payload: unknown = JSON.parse(data);
    if (event === 'token' && typeof payload === 'string') yield { type: 'token', delta: payload };
    if (event === 'done') yield { type: 'done', done: payload as StreamDone };
    if (event === 'error') yield { type: 'error', error: streamError(payload) };
  }
}

function streamError(payload: unknown): ApiError {
  const status =
    typeof payload === 'object' && payload !== null && 'status' in payload
      ? Number(payload.status)
      : 502;
  if (!isErrorBody(payload)) {
    return new ApiError(status, 'upstream_error', 'The reply stream failed.');
  }
  const { message, code, type, resetAt } = payload.error;
  return new ApiError(status, code, message, { type, resetAt });
}
