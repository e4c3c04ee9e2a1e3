import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { ChatCall } from '../chat/chat-call.ts';
import { streamErrorBody } from '../chat/in-band-error.ts';
import { readJsonCompletion } from '../chat/json-relay.ts';
import { SseWriter } from '../chat/sse-writer.ts';
import { streamEnding } from '../chat/stream-finish.ts';
import { userOf } from '../http/authenticate.ts';
import { callUpstreamChat, type UpstreamChatResponse } from '../upstream/call-upstream.ts';
import { findOwnConversation } from './conversation-store.ts';
import { type AdmittedTurn, admitTurn, failTurn, finishTurn } from './conversation-turn.ts';
import { MessageView, Usage } from './conversation-views.ts';
import { streamReplyTokens } from './reply-stream.ts';
import { streamErrorEvent } from './stream-error.ts';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const MessageBody = Type.Object({ content: Type.String({ minLength: 1 }) });
const ExchangeBody = Type.Object({
  message: MessageView,
  usage: Usage,
  title: Type.Union([Type.String(), Type.Null()]),
});

/** The conversation id and the new message of a request. */
interface MessageInput {
  id: number;
  content: string;
}

/** `POST /api/conversations/{id}/messages`: one reply as JSON, 201 `{message, usage, title}`. */
async function replyAsJson(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: MessageInput,
) {
  const call = new ChatCall(ctx, request, reply);
  let model = '';
  try {
    const conversation = await findOwnConversation(ctx.db, userOf(request), input.id);
    model = conversation.model_id;
    call.model = model;
    const turn = await admitTurn(ctx, call, reply, conversation, input.content);
    const body = { model, messages: turn.messages, stream: false };
    const user = call.principal.user;
    const upstream = await callUpstreamChat(ctx, {
      user,
      body,
      stream: false,
      signal: call.signal,
      key: turn.key,
    });
    const { tally } = await readJsonCompletion(upstream, call.signal, {
      now: ctx.now(),
      metrics: ctx.metrics,
    });
    const ending = { outcome: 'ok' as const, status: 201, errorCode: null, tally, ttftMs: null };
    return reply.status(201).send(await finishTurn(ctx, call, turn, ending));
  } catch (error) {
    return failTurn(ctx, call, reply, model, error);
  } finally {
    call.dispose();
  }
}

/**
 * `POST /api/conversations/{id}/messages/stream`: `token` events, then one
 * `done` or `error` event, after both messages are stored. Failures before
 * the upstream responded are ordinary HTTP errors.
 */
async function replyAsEvents(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: MessageInput,
) {
  const call = new ChatCall(ctx, request, reply);
  let model = '';
  try {
    const conversation = await findOwnConversation(ctx.db, userOf(request), input.id);
    model = conversation.model_id;
    call.model = model;
    const turn = await admitTurn(ctx, call, reply, conversation, input.content);
    const body = { model, messages: turn.messages, stream: true };
    const user = call.principal.user;
    const upstream = await callUpstreamChat(ctx, {
      user,
      body,
      stream: true,
      signal: call.signal,
      key: turn.key,
    });
    const writer = new SseWriter(reply.raw, {
      headers: reply.getHeaders() as OutgoingHttpHeaders,
      onStart: () => reply.hijack(),
    });
    // From here on the client has its 200: every failure is an `error` event.
    writer.start();
    await streamAfterStart(ctx, call, turn, upstream, writer);
    return reply;
  } catch (error) {
    return failTurn(ctx, call, reply, model, error);
  } finally {
    call.dispose();
  }
}

/**
 * Relays the reply as `token` events, stores the exchange, then writes the
 * closing `done` or `error` event. The 200 is already sent, so a failure
 * here (the database, say) is logged and becomes an `error` event too.
 */
async function streamAfterStart(
  ctx: AppContext,
  call: ChatCall,
  turn: AdmittedTurn,
  upstream: UpstreamChatResponse,
  writer: SseWriter,
): Promise<void> {
  ctx.metrics.openStreams.inc();
  try {
    const result = await streamReplyTokens(upstream, writer, call.signal, call.startedAt);
    const failure =
      result.ending === 'done'
        ? undefined
        : streamErrorEvent(result, ctx.config.upstreamIdleTimeoutMs);
    const ending = streamEnding(result, failure?.error.code);
    const finished = await finishTurn(ctx, call, turn, {
      ...ending,
      tally: result.tally,
      ttftMs: result.ttftMs,
    });
    if (ending.outcome === 'ok') {
      writer.event('done', {
        messageId: finished.message.id,
        title: finished.title,
        usage: finished.usage,
      });
    } else if (ending.outcome !== 'client_aborted') {
      writer.event('error', failure ?? streamErrorEvent(result, ctx.config.upstreamIdleTimeoutMs));
    }
  } catch (error) {
    ctx.log.error(
      { err: error, conversationId: turn.conversation.id },
      'conversation stream failed after the 200',
    );
    const body = streamErrorBody('internal_error', 'The reply could not be stored.', 500);
    writer.event('error', { ...body, status: 500 });
  } finally {
    ctx.metrics.openStreams.dec();
    writer.end();
  }
}

/** Registers the two message routes of a conversation, chat routes with the relay's checks. */
export async function messageRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const tags = ['conversations'];
  app.post(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'Send a message and wait for the whole reply',
        params: Params,
        body: MessageBody,
        response: { 201: ExchangeBody },
      },
    },
    (request, reply) =>
      replyAsJson(ctx, request, reply, { id: request.params.id, content: request.body.content }),
  );
  app.post(
    '/api/conversations/:id/messages/stream',
    {
      schema: {
        tags,
        summary: 'Send a message; the reply streams as token, done and error events',
        params: Params,
        body: MessageBody,
      },
    },
    (request, reply) =>
      replyAsEvents(ctx, request, reply, { id: request.params.id, content: request.body.content }),
  );
}
