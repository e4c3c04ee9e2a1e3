import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { AppError } from '../http/errors.ts';
import { UpstreamFailure } from '../upstream/upstream-failure.ts';
import { type ChatCall, CLIENT_CLOSED_STATUS } from './chat-call.ts';
import type { ChatOutcome } from './chat-log-entry.ts';

/**
 * Finishes a chat call that failed before any reply byte was sent: records
 * its log row, gives the daily quota unit back when the upstream answered
 * an error status or was unreachable, and rethrows the error for the error
 * handler. A client that left keeps its unit and gets nothing.
 */
export async function failChatCall(
  ctx: AppContext,
  call: ChatCall,
  reply: FastifyReply,
  error: unknown,
): Promise<FastifyReply> {
  if (call.clientGone) return abandon(call, reply);
  if (call.signal.aborted && !(error instanceof AppError)) {
    return failChatCall(ctx, call, reply, shuttingDown(error));
  }
  const appError = error instanceof AppError ? error : undefined;
  if (error instanceof UpstreamFailure && error.releasesReservation)
    await call.reservation?.release();
  call.record({
    outcome: outcomeOf(error),
    status: appError?.status ?? 500,
    errorCode: appError?.code ?? 'internal_error',
  });
  throw error;
}

function shuttingDown(cause: unknown): AppError {
  return new AppError('service_unavailable', 'The gateway is shutting down; retry shortly.', {
    cause,
  });
}

function outcomeOf(error: unknown): ChatOutcome {
  if (!(error instanceof UpstreamFailure)) return 'rejected';
  return error.code === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error';
}

// The upstream call was aborted with the client; the unit stays counted, with
// the estimated prompt tokens, since the upstream may have started work.
async function abandon(call: ChatCall, reply: FastifyReply): Promise<FastifyReply> {
  const usage = call.usageOf(undefined);
  call.record(
    { outcome: 'client_aborted', status: CLIENT_CLOSED_STATUS, errorCode: null },
    call.reservation === undefined ? undefined : usage,
  );
  await call.reservation?.addTokens(usage.usage.totalTokens);
  reply.hijack();
  reply.raw.destroy();
  return reply;
}
