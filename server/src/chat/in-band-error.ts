import { type ErrorCode, errorTypeForStatus } from '../http/errors.ts';
import type { InBandError } from './completion-tally.ts';

/** The gateway's code for an error the upstream reported inside a 200 reply. */
export function inBandErrorCode(error: InBandError): ErrorCode {
  const status = typeof error.code === 'number' ? error.code : Number(error.code);
  if (status === 429) return 'rate_limited';
  if (status === 402) return 'insufficient_credits';
  if (status === 408 || status === 504 || status === 524) return 'upstream_timeout';
  if (status >= 400 && status < 500) return 'upstream_rejected';
  return 'upstream_error';
}

/** The body of a gateway-written stream error event: `{"error":{message,type,code}}`. */
export function streamErrorBody(code: ErrorCode, message: string, status: number) {
  return { error: { message, type: errorTypeForStatus(status), code } };
}
