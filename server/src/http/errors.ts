/** The stable error codes of the API, each with its HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  tools_unsupported: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  password_change_required: 403,
  forbidden: 403,
  registration_closed: 403,
  model_not_enabled: 403,
  not_found: 404,
  model_not_found: 404,
  model_withdrawn: 404,
  email_taken: 409,
  api_key_missing: 409,
  api_key_rejected: 409,
  last_admin: 409,
  self_change_forbidden: 409,
  request_too_large: 413,
  rate_limited: 429,
  daily_limit_exceeded: 429,
  login_throttled: 429,
  upstream_rejected: 400,
  upstream_error: 502,
  upstream_timeout: 504,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error';

/** Maps a status to the OpenAI-style error `type`. */
export function errorTypeForStatus(status: number): ErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export interface AppErrorOptions {
  param?: string;
  /** Overrides the catalogue status (upstream_rejected keeps the upstream's). */
  status?: number;
  headers?: Record<string, string>;
  /** Extra fields merged into the `error` object, such as `resetAt`. */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error class of the API; the error handler turns it into the JSON body. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | undefined;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.param = options.param;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  get type(): ErrorType {
    return errorTypeForStatus(this.status);
  }

  /** The `{"error": {...}}` body. */
  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {
      message: this.message,
      type: this.type,
      code: this.code,
    };
    if (this.param !== undefined) error.param = this.param;
    return { error: { ...error, ...this.extra } };
  }
}

export function validationError(param: string, message: string): AppError {
  return new AppError('validation_failed', message, { param });
}

export function notFound(what = 'Resource'): AppError {
  return new AppError('not_found', `${what} not found.`);
}
