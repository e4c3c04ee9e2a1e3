import type { ErrorCode } from '../http/errors.ts';
import type { CallEnding } from './chat-call.ts';
import { inBandErrorCode, streamErrorBody } from './in-band-error.ts';
import type { SseWriter } from './sse-writer.ts';
import type { StreamRelayResult } from './stream-relay.ts';

interface GatewayStreamError {
  code: ErrorCode;
  status: number;
  message: string;
}

/** The error the gateway reports in-band for a stream that stopped without `[DONE]`. */
function gatewayError(result: StreamRelayResult, idleTimeoutMs: number): GatewayStreamError {
  switch (result.ending) {
    case 'timeout':
      return {
        code: 'upstream_timeout',
        status: 504,
        message: `The upstream sent nothing for ${idleTimeoutMs} ms; the stream was closed.`,
      };
    case 'shutdown':
      return { code: 'service_unavailable', status: 503, message: 'The gateway is shutting down.' };
    case 'cut':
      return {
        code: 'upstream_error',
        status: 502,
        message: 'The upstream connection was cut mid-stream.',
      };
    default:
      return {
        code: 'upstream_error',
        status: 502,
        message: 'The upstream ended the stream without [DONE].',
      };
  }
}

/**
 * Ends a started stream: after `[DONE]` nothing is added; otherwise one error
 * event (unless the upstream's own error event was the last one forwarded),
 * then `data: [DONE]`. A client that left gets nothing. Returns the gateway
 * error code written, if any.
 */
export function finishStream(
  writer: SseWriter,
  result: StreamRelayResult,
  idleTimeoutMs: number,
): ErrorCode | undefined {
  if (result.ending === 'client_aborted' || result.ending === 'done') {
    writer.end();
    return undefined;
  }
  const error = gatewayError(result, idleTimeoutMs);
  if (!result.tally.lastWasError)
    writer.data(streamErrorBody(error.code, error.message, error.status));
  writer.done();
  writer.end();
  return error.code;
}

/** The log row facts of a stream that started (the client received a 200). */
export function streamEnding(
  result: StreamRelayResult,
  gatewayCode: ErrorCode | undefined,
): CallEnding {
  const { tally, ttftMs } = result;
  const base = { status: 200, tally, ttftMs };
  if (result.ending === 'client_aborted')
    return { ...base, outcome: 'client_aborted', errorCode: null };
  if (tally.error !== undefined) {
    return { ...base, outcome: 'upstream_error', errorCode: inBandErrorCode(tally.error) };
  }
  if (result.ending === 'timeout')
    return { ...base, outcome: 'upstream_timeout', errorCode: 'upstream_timeout' };
  const complete =
    result.ending === 'done' || (result.ending === 'ended' && tally.finishReason !== undefined);
  if (complete) return { ...base, outcome: 'ok', errorCode: null };
  return { ...base, outcome: 'upstream_truncated', errorCode: gatewayCode ?? 'upstream_error' };
}
