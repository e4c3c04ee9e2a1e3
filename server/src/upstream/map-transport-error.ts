import { UpstreamFailure } from './upstream-failure.ts';

// Errors that mean no connection was made, so the request never reached the upstream.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The `code` of a Node or undici error, looking through `cause`. */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the error is the idle or connect timeout rather than a failure. */
export function isTimeout(error: unknown): boolean {
  return TIMEOUT_CODES.has(errorCodeOf(error) ?? '');
}

/** Maps a failed connection, a timeout or a reset to the gateway's error. */
export function mapTransportError(error: unknown): UpstreamFailure {
  const code = errorCodeOf(error) ?? 'unknown';
  const unreachable = UNREACHABLE_CODES.has(code);
  if (TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting' : 'waiting for a reply';
    return new UpstreamFailure(
      'upstream_timeout',
      `The upstream timed out while ${what}.`,
      {
        unreachable,
      },
      { cause: error },
    );
  }
  const message = unreachable
    ? `The upstream could not be reached (${code}).`
    : `The upstream connection failed (${code}).`;
  return new UpstreamFailure('upstream_error', message, { unreachable }, { cause: error });
}
