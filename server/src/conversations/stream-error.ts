import { inBandErrorCode, streamErrorBody } from '../chat/in-band-error.ts';
import type { StreamRelayResult } from '../chat/stream-relay.ts';
import { ERROR_STATUS, type ErrorCode } from '../http/errors.ts';

/** The body of a conversation stream's `error` event: `{error:{message,type,code}, status}`. */
export interface StreamErrorEvent {
  error: { message: string; type: string; code: ErrorCode };
  status: number;
}

function eventOf(code: ErrorCode, message: string, status = ERROR_STATUS[code]): StreamErrorEvent {
  return { ...streamErrorBody(code, message, status), status };
}

/**
 * Builds the error event for a reply stream that did not complete: the upstream's
 * in-band error when it sent one, else what the gateway saw (idle timeout,
 * a cut connection, an end without a finish reason, shutdown).
 */
export function streamErrorEvent(
  result: StreamRelayResult,
  idleTimeoutMs: number,
): StreamErrorEvent {
  const inBand = result.tally.error;
  if (inBand !== undefined) return eventOf(inBandErrorCode(inBand), inBand.message);
  switch (result.ending) {
    case 'timeout':
      return eventOf(
        'upstream_timeout',
        `The upstream sent nothing for ${idleTimeoutMs} ms; the reply was closed.`,
      );
    case 'shutdown':
      return eventOf('service_unavailable', 'The gateway is shutting down.');
    case 'cut':
      return eventOf('upstream_error', 'The upstream connection was cut mid-reply.');
    default:
      return eventOf('upstream_error', 'The upstream ended the reply without finishing it.');
  }
}
