import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { rateLimitHeaders } from '../limits/minute-rate-limiter.ts';
import { callUpstreamChat, type UpstreamChatResponse } from '../upstream/call-upstream.ts';
import { mapTransportError } from '../upstream/map-transport-error.ts';
import { UpstreamFailure } from '../upstream/upstream-failure.ts';
import { resolveUpstreamKey } from '../upstream/upstream-key.ts';
import { ChatCall } from './chat-call.ts';
import { failChatCall } from './chat-failure.ts';
import { type ChatRequest, validateChatRequest } from './chat-request.ts';
import { readJsonCompletion } from './json-relay.ts';
import { SseWriter } from './sse-writer.ts';
import { finishStream, streamEnding } from './stream-finish.ts';
import { relayStream } from './stream-relay.ts';
import { promptText } from './usage-estimate.ts';

/**
 * Builds the handler of `POST /api/chat/completions` and `/v1/chat/completions`.
 * Authentication, the password-change check and the body size were decided by
 * hooks; the rest runs here in the order of the API contract, so the first
 * failing check decides the response.
 */
export function createChatHandler(ctx: AppContext) {
  return async function chatCompletions(request: FastifyRequest, reply: FastifyReply) {
    const call = new ChatCall(ctx, request, reply);
    const user = call.principal.user;
    try {
      const chat = validate(ctx, call, request.body);
      await ctx.admission.checkModel(user, chat.summary);
      const key = await resolveUpstreamKey(ctx, user);
      reply.headers(rateLimitHeaders(await ctx.admission.takeRateSlot(user)));
      call.reservation = await ctx.admission.reserveDaily(user, chat.summary.model);
      const upstream = await callUpstreamChat(ctx, {
        user,
        body: chat.body,
        stream: chat.stream,
        signal: call.signal,
        key,
      });
      if (upstream.isEventStream) return await relayEvents(ctx, call, upstream, reply);
      return await relayJson(ctx, call, upstream, reply);
    } catch (error) {
      return await failChatCall(ctx, call, reply, error);
    } finally {
      call.dispose();
    }
  };
}

function validate(ctx: AppContext, call: ChatCall, body: unknown): ChatRequest {
  const model = (body as { model?: unknown } | null)?.model;
  if (typeof model === 'string') call.model = model;
  const chat = validateChatRequest(body, ctx.config);
  call.prompt = JSON.stringify(chat.body.messages);
  call.promptText = promptText(chat.body.messages);
  return chat;
}

async function relayJson(
  ctx: AppContext,
  call: ChatCall,
  upstream: UpstreamChatResponse,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const completion = await readJsonCompletion(upstream, call.signal, {
    now: ctx.now(),
    metrics: ctx.metrics,
  });
  const usage = call.usageOf(completion.tally);
  call.record({ outcome: 'ok', status: 200, errorCode: null, tally: completion.tally }, usage);
  ctx.metrics.upstreamDuration.observe(
    { stream: 'false' },
    (performance.now() - call.startedAt) / 1000,
  );
  // Before the send, so a client's next request (or its usage read) already
  // counts this call's tokens against the daily token limit.
  await call.reservation?.addTokens(usage.usage.totalTokens);
  return reply.type('application/json; charset=utf-8').send(completion.bytes);
}

async function relayEvents(
  ctx: AppContext,
  call: ChatCall,
  upstream: UpstreamChatResponse,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const writer = new SseWriter(reply.raw, {
    headers: reply.getHeaders() as OutgoingHttpHeaders,
    onStart: () => reply.hijack(),
  });
  ctx.metrics.openStreams.inc();
  const result = await relayStream({
    upstream,
    writer,
    signal: call.signal,
    log: reply.log,
    startedAt: call.startedAt,
  }).finally(() => ctx.metrics.openStreams.dec());
  if (!writer.started)
    return failChatCall(ctx, call, reply, failureBeforeEvents(ctx, result.failure));
  const gatewayCode = finishStream(writer, result, ctx.config.upstreamIdleTimeoutMs);
  const ending = streamEnding(result, gatewayCode);
  if (ending.errorCode !== null) ctx.metrics.upstreamErrors.inc({ code: ending.errorCode });
  if (result.ttftMs !== null)
    ctx.metrics.timeToFirstToken.observe({ model: call.model }, result.ttftMs / 1000);
  ctx.metrics.upstreamDuration.observe(
    { stream: 'true' },
    (performance.now() - call.startedAt) / 1000,
  );
  const usage = call.usageOf(result.tally);
  call.record(ending, usage);
  await call.reservation?.addTokens(usage.usage.totalTokens);
  return undefined;
}

// A stream that failed before its first complete event is an ordinary HTTP error.
function failureBeforeEvents(ctx: AppContext, failure: unknown): UpstreamFailure {
  const mapped =
    failure === undefined
      ? new UpstreamFailure(
          'upstream_error',
          'The upstream ended the stream before sending any event.',
          {},
        )
      : mapTransportError(failure);
  ctx.metrics.upstreamErrors.inc({ code: mapped.code });
  return mapped;
}
