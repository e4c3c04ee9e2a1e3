import { ApiError } from '../api/errors.ts';

/** Returns the server's message when it names this field as the invalid one. */
export function fieldError(error: Error | null, param: string): string | undefined {
  if (error instanceof ApiError && error.details.param === param) return error.message;
  return undefined;
}

/** Returns the server's message when it names no field that the form shows. */
export function formError(error: Error | null, fields: readonly string[]): string | undefined {
  if (error === null) return undefined;
  if (error instanceof ApiError && fields.includes(error.details.param ?? '')) return undefined;
  if (error instanceof ApiError && error.code === 'login_throttled') {
    const wait = error.details.retryAfterSeconds;
    return wait === undefined ? error.message : `${error.message} Try again in ${wait} s.`;
  }
  return error.message;
}
