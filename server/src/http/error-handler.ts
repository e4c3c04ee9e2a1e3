import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validationError } from './errors.ts';

interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns `/messages/0/role` (plus a missing property) into `messages.0.role`. */
export function dottedParam(error: SchemaError, context: string | undefined): string {
  const parts = (error.instancePath ?? '').split('/').filter((part) => part !== '');
  const extra = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof extra === 'string') parts.push(extra);
  if (parts.length === 0) return context === 'body' || context === undefined ? 'body' : context;
  return parts.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** Maps any thrown error to the API's error body; never sends a stack trace. */
export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined && fastifyError.validation.length > 0) {
    const first = fastifyError.validation[0] as SchemaError;
    const param = dottedParam(first, fastifyError.validationContext);
    return validationError(
      param,
      `Invalid ${param}: ${first.message ?? 'does not match the schema'}.`,
    );
  }
  const code = fastifyError.code ?? '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('request_too_large', 'The request body is larger than this route allows.');
  }
  if (code === 'FST_ERR_BAD_URL') {
    return validationError('path', 'The URL path is not valid percent-encoding.');
  }
  if (code.startsWith('FST_ERR_CTP') || fastifyError.statusCode === 400) {
    return validationError('body', 'The request body is not valid JSON.');
  }
  return new AppError('internal_error', 'Internal error. The gateway log has the details.', {
    cause: error,
  });
}

export function errorHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    request.log.error({ err: appError.cause ?? error, code: appError.code }, 'request failed');
  }
  void reply.status(appError.status).headers(appError.headers).send(appError.toBody());
}
