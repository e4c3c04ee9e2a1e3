import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { AppContext } from '../app/context.ts';
import type { UserRow } from '../storage/schema.ts';
import { parseErrorBody } from './error-body.ts';
import { mapUpstreamStatus } from './map-status.ts';
import { errorCodeOf, mapTransportError } from './map-transport-error.ts';
import type { UpstreamFailure } from './upstream-failure.ts';
import { resolveUpstreamKey, type UpstreamKey } from './upstream-key.ts';
import { withdrawalCode } from './withdrawal.ts';

/** One chat-completions call made for a user. */
export interface UpstreamChatOptions {
  user: UserRow;
  /** The OpenAI-style request body, sent as JSON. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Aborts the upstream request: the client left, or the shutdown grace period ended. */
  signal: AbortSignal;
  /** The key to send; resolved from the user's stored key or the operator key when omitted. */
  key?: UpstreamKey;
}

/** A successful (2xx) upstream response whose body is still to be read. */
export interface UpstreamChatResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** True when the upstream responded with `text/event-stream`. */
  isEventStream: boolean;
}

/** The largest error body read from the upstream; the rest is discarded. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Sends `POST {OPENROUTER_BASE_URL}/chat/completions` for a user over the shared
 * pool. Resolves once the upstream responded with 2xx; an error status, a failed
 * connection or a timeout throws an UpstreamFailure (a withdrawal 404 also
 * marks the model withdrawn). A call aborted through `signal` rethrows the abort.
 */
export async function callUpstreamChat(
  ctx: AppContext,
  options: UpstreamChatOptions,
): Promise<UpstreamChatResponse> {
  const key = options.key ?? (await resolveUpstreamKey(ctx, options.user));
  let response: Dispatcher.ResponseData;
  try {
    response = await ctx.upstream.pool.request({
      path: `${ctx.upstream.basePath}/chat/completions`,
      method: 'POST',
      headers: upstreamHeaders(ctx, key.apiKey, options.stream),
      body: JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw countFailure(ctx, mapTransportError(error));
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    const contentType = String(response.headers['content-type'] ?? '');
    return { ...response, isEventStream: contentType.includes('text/event-stream') };
  }
  throw countFailure(ctx, await readFailure(ctx, response, key, options));
}

function upstreamHeaders(ctx: AppContext, apiKey: string, stream: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'http-referer': ctx.config.publicUrl,
    'x-title': 'Portcullis',
  };
}

async function readFailure(
  ctx: AppContext,
  response: Dispatcher.ResponseData,
  key: UpstreamKey,
  options: UpstreamChatOptions,
): Promise<UpstreamFailure> {
  const text = await readLimited(response.body).catch(() => '');
  const error = parseErrorBody(text);
  const requestedModel = String(options.body.model ?? '');
  const withdrawal =
    response.statusCode === 404
      ? withdrawalCode(error, { requestedModel, narrowsEndpoints: narrowsEndpoints(options.body) })
      : undefined;
  if (withdrawal !== undefined) await ctx.admission.markWithdrawn(requestedModel, withdrawal);
  return mapUpstreamStatus(response.statusCode, error, {
    keyOwner: key.owner,
    withdrawal,
    headers: response.headers,
    now: ctx.now(),
  });
}

function narrowsEndpoints(body: Record<string, unknown>): boolean {
  return body.tools !== undefined || body.tool_choice !== undefined || body.provider !== undefined;
}

async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    if (size < MAX_ERROR_BODY_BYTES) chunks.push(bytes);
    size += bytes.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function countFailure(ctx: AppContext, failure: UpstreamFailure): UpstreamFailure {
  ctx.metrics.upstreamErrors.inc({ code: failure.code });
  const cause = errorCodeOf(failure.cause);
  ctx.log.warn(
    { code: failure.code, upstreamStatus: failure.upstreamStatus, cause },
    'upstream call failed',
  );
  return failure;
}
