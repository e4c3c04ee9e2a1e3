import { AppError, type AppErrorOptions, type ErrorCode } from '../http/errors.ts';

/** How an upstream call failed, beyond the error sent to the client. */
export interface FailureFacts {
  /** The upstream's HTTP status, when it returned an error status. */
  upstreamStatus?: number;
  /** True when no connection could be made, so the request never reached the upstream. */
  unreachable?: boolean;
}

/**
 * An AppError raised by an upstream call. The daily quota unit of the request
 * is given back only when the upstream returned an error status or was unreachable.
 */
export class UpstreamFailure extends AppError {
  readonly upstreamStatus: number | undefined;
  readonly unreachable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    facts: FailureFacts,
    options: AppErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'UpstreamFailure';
    this.upstreamStatus = facts.upstreamStatus;
    this.unreachable = facts.unreachable ?? false;
  }

  /** True when the request's daily quota unit must be given back. */
  get releasesReservation(): boolean {
    return this.upstreamStatus !== undefined || this.unreachable;
  }
}
