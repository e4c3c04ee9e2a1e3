/** The gateway's error body: `{"error":{message,type,code,param?}}`. */
export interface ErrorBody {
  error: {
    message: string;
    type: string;
    code: string;
    param?: string;
    resetAt?: string;
  };
}

/** An error answer of the gateway, or a failure to reach it (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: {
      type?: string;
      param?: string;
      resetAt?: string;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string' &&
    'code' in error &&
    typeof error.code === 'string'
  );
}

/** Builds an ApiError from an error body, falling back to the HTTP status text. */
export function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  if (isErrorBody(body)) {
    const { message, code, type, param, resetAt } = body.error;
    return new ApiError(status, code, message, { type, param, resetAt, retryAfterSeconds });
  }
  return new ApiError(status, 'http_error', `The gateway answered with HTTP ${status}.`, {
    retryAfterSeconds,
  });
}

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Wraps a network failure (server down, connection reset) in an ApiError. */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, 'network_error', 'The gateway could not be reached.');
  error.cause = cause;
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
