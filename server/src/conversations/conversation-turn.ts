import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { type ChatCall, CLIENT_CLOSED_STATUS } from '../chat/chat-call.ts';
import type { ChatOutcome } from '../chat/chat-log-entry.ts';
import type { CompletionTally } from '../chat/completion-tally.ts';
import { promptText } from '../chat/usage-estimate.ts';
import { AppError } from '../http/errors.ts';
import { rateLimitHeaders } from '../limits/minute-rate-limiter.ts';
import type { ConversationRow, MessageRow } from '../storage/schema.ts';
import { UpstreamFailure } from '../upstream/upstream-failure.ts';
import { resolveUpstreamKey, type UpstreamKey } from '../upstream/upstream-key.ts';
import { buildContext, type UpstreamMessage } from './context-window.ts';
import { logConversationCall } from './conversation-log.ts';
import { listMessages, type NewMessage, storeExchange } from './conversation-store.ts';
import type { MessageView, UsageView } from './conversation-views.ts';
import { toMessageView } from './conversation-views.ts';
import { fallbackTitle, generateTitle } from './title.ts';

/** A conversation message that passed every check and has reserved a daily quota unit. */
export interface AdmittedTurn {
  conversation: ConversationRow;
  content: string;
  history: MessageRow[];
  messages: UpstreamMessage[];
  key: UpstreamKey;
}

/**
 * Runs the checks of a chat route in the contract's order — model (404/403),
 * stored key (409), per-minute limit (429), daily quota (429) — then builds
 * the upstream context from the history. The model is the one fixed when
 * the conversation was created.
 */
export async function admitTurn(
  ctx: AppContext,
  call: ChatCall,
  reply: FastifyReply,
  conversation: ConversationRow,
  content: string,
): Promise<AdmittedTurn> {
  const user = call.principal.user;
  const summary = { model: conversation.model_id, fallbackModels: [], usesTools: false };
  const admitted = await ctx.admission.checkModel(user, summary);
  const key = await resolveUpstreamKey(ctx, user);
  reply.headers(rateLimitHeaders(await ctx.admission.takeRateSlot(user)));
  call.reservation = await ctx.admission.reserveDaily(user, conversation.model_id);
  const history = await listMessages(ctx.db, Number(conversation.id));
  const messages = buildContext(history, content, admitted.contextLength);
  call.prompt = JSON.stringify(messages);
  call.promptText = promptText(messages);
  return { conversation, content, history, messages, key };
}

/** The end state of a reply, for its log row and the stored message. */
export interface TurnEnding {
  outcome: ChatOutcome;
  status: number;
  errorCode: string | null;
  tally: CompletionTally;
  ttftMs: number | null;
}

export interface FinishedTurn {
  message: MessageView;
  usage: UsageView;
  title: string | null;
}

function messageStatus(ending: TurnEnding, call: ChatCall): MessageRow['status'] {
  if (ending.outcome === 'ok') return 'complete';
  if (call.signal.aborted) return 'interrupted';
  return 'error';
}

/**
 * Finishes an exchange the upstream responded to: writes the log row, stores
 * both messages, sets the title after the first exchange, and adds the
 * tokens to the daily count. Returns what the client is told.
 */
export async function finishTurn(
  ctx: AppContext,
  call: ChatCall,
  turn: AdmittedTurn,
  ending: TurnEnding,
): Promise<FinishedTurn> {
  const usage = call.usageOf(ending.tally);
  logConversationCall(ctx, {
    principal: call.principal,
    source: 'conversation',
    model: turn.conversation.model_id,
    createdAt: call.createdAt,
    startedAt: call.startedAt,
    outcome: ending.outcome,
    status: ending.status,
    errorCode: ending.errorCode,
    tally: ending.tally,
    usage,
    ttftMs: ending.ttftMs,
    prompt: call.prompt ?? '',
  });
  await call.reservation?.addTokens(usage.usage.totalTokens);
  const tokens = {
    promptTokens: usage.usage.promptTokens,
    completionTokens: usage.usage.completionTokens,
    totalTokens: usage.usage.totalTokens,
  };
  const messages: NewMessage[] = [
    { role: 'user', content: turn.content, status: 'complete', usage: null },
    {
      role: 'assistant',
      content: ending.tally.text,
      status: messageStatus(ending, call),
      usage: tokens,
    },
  ];
  const title = await titleAfterFirstExchange(ctx, call, turn, ending);
  const stored = await storeExchange(ctx.db, ctx.dialect, {
    conversationId: Number(turn.conversation.id),
    messages,
    title,
    now: ctx.now(),
  });
  const reply = stored[1] as MessageRow;
  return { message: toMessageView(reply), usage: tokens, title: title ?? turn.conversation.title };
}

/** Null when the conversation already has a title or earlier messages. */
async function titleAfterFirstExchange(
  ctx: AppContext,
  call: ChatCall,
  turn: AdmittedTurn,
  ending: TurnEnding,
): Promise<string | null> {
  if (turn.conversation.title !== null || turn.history.length > 0) return null;
  const request = {
    principal: call.principal,
    model: turn.conversation.model_id,
    key: turn.key,
    firstMessage: turn.content,
  };
  // After a failed or cut reply a title call would likely fail too and delay the closing event.
  if (ending.outcome !== 'ok') return fallbackTitle(turn.content);
  return generateTitle(ctx, request);
}

/**
 * Finishes a message that failed before the upstream responded: the log row,
 * the quota unit given back when the upstream returned an error status or
 * was unreachable, then the error for the error handler. A client that left
 * keeps its unit (with the estimated prompt tokens) and gets nothing.
 */
export async function failTurn(
  ctx: AppContext,
  call: ChatCall,
  reply: FastifyReply,
  model: string,
  error: unknown,
): Promise<FastifyReply> {
  const appError = error instanceof AppError ? error : undefined;
  const clientLeft = call.clientGone;
  const usage = call.reservation === undefined ? undefined : call.usageOf(undefined);
  if (error instanceof UpstreamFailure && error.releasesReservation && !clientLeft)
    await call.reservation?.release();
  if (clientLeft && usage !== undefined) await call.reservation?.addTokens(usage.usage.totalTokens);
  logConversationCall(ctx, {
    principal: call.principal,
    source: 'conversation',
    model,
    createdAt: call.createdAt,
    startedAt: call.startedAt,
    outcome: clientLeft ? 'client_aborted' : failureOutcome(error),
    status: clientLeft ? CLIENT_CLOSED_STATUS : (appError?.status ?? 500),
    errorCode: clientLeft ? null : (appError?.code ?? 'internal_error'),
    tally: undefined,
    usage: clientLeft ? usage : undefined,
    ttftMs: null,
    prompt: call.prompt ?? '',
  });
  if (!clientLeft) throw error;
  reply.hijack();
  reply.raw.destroy();
  return reply;
}

function failureOutcome(error: unknown): ChatOutcome {
  if (!(error instanceof UpstreamFailure)) return 'rejected';
  return error.code === 'upstream_timeout' ? 'upstream_timeout' : 'upstream_error';
}
