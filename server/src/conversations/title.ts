import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/principal.ts';
import { readJsonCompletion } from '../chat/json-relay.ts';
import { estimateUsage } from '../chat/usage-estimate.ts';
import { AppError } from '../http/errors.ts';
import { callUpstreamChat } from '../upstream/call-upstream.ts';
import { UpstreamFailure } from '../upstream/upstream-failure.ts';
import type { UpstreamKey } from '../upstream/upstream-key.ts';
import { logConversationCall } from './conversation-log.ts';

const TITLE_PROMPT =
  'Write a short title (at most six words) for a conversation that starts with the next message. ' +
  'Reply with the title only, without quotes.';
const TITLE_MAX_CHARACTERS = 80;
const FALLBACK_WORDS = 6;
/** The title call gives up after this long; the fallback title is used then. */
const TITLE_TIMEOUT_MS = 20_000;
/** The part of the first message sent to the title call. */
const TITLE_INPUT_CHARACTERS = 2000;

/** Cuts text at a word boundary to at most `limit` characters. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return (space > limit / 2 ? cut.slice(0, space) : cut).trimEnd();
}

/** Returns the title used when the model gives none: the first words of the user's message. */
export function fallbackTitle(message: string): string {
  const words = message.trim().split(/\s+/).filter(Boolean).slice(0, FALLBACK_WORDS).join(' ');
  return clip(words, TITLE_MAX_CHARACTERS) || 'New conversation';
}

/** Extracts the first line of the model's output, without quotes, markup or a "Title:" label. */
export function cleanTitle(answer: string): string {
  const line = answer.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  const unquote = (text: string) => text.replace(/^["'“”*_#\s]+|["'“”*_.\s]+$/g, '');
  const unlabelled = unquote(line).replace(/^title\s*:\s*/i, '');
  return clip(unquote(unlabelled).replace(/\s+/g, ' '), TITLE_MAX_CHARACTERS);
}

export interface TitleRequest {
  principal: Principal;
  model: string;
  key: UpstreamKey;
  firstMessage: string;
}

/**
 * Asks the conversation's model for a title. The call is internal: its
 * tokens count against the daily quota, but it takes no request unit and no
 * per-minute slot. It writes a chat-log row with source `title`. Any failure
 * gives the fallback title.
 */
export async function generateTitle(ctx: AppContext, request: TitleRequest): Promise<string> {
  const messages = [
    { role: 'system', content: TITLE_PROMPT },
    { role: 'user', content: request.firstMessage.slice(0, TITLE_INPUT_CHARACTERS) },
  ];
  const log = {
    principal: request.principal,
    source: 'title' as const,
    model: request.model,
    createdAt: ctx.now(),
    startedAt: performance.now(),
    prompt: JSON.stringify(messages),
    ttftMs: null,
  };
  const signal = AbortSignal.any([
    ctx.lifecycle.streamsDeadline.signal,
    AbortSignal.timeout(TITLE_TIMEOUT_MS),
  ]);
  try {
    const upstream = await callUpstreamChat(ctx, {
      user: request.principal.user,
      body: { model: request.model, messages, stream: false },
      stream: false,
      signal,
      key: request.key,
    });
    const { tally } = await readJsonCompletion(upstream, signal, {
      now: ctx.now(),
      metrics: ctx.metrics,
    });
    const usage =
      tally.usage ??
      estimateUsage(messages.map((message) => message.content).join('\n'), tally.text);
    logConversationCall(ctx, {
      ...log,
      outcome: 'ok',
      status: 200,
      errorCode: null,
      tally,
      usage: { usage, estimated: tally.usage === undefined },
    });
    await ctx.admission.addInternalTokens(request.principal.user, request.model, usage.totalTokens);
    return cleanTitle(tally.text) || fallbackTitle(request.firstMessage);
  } catch (error) {
    const failure = error instanceof AppError ? error : undefined;
    logConversationCall(ctx, {
      ...log,
      outcome:
        error instanceof UpstreamFailure && error.code === 'upstream_timeout'
          ? 'upstream_timeout'
          : 'upstream_error',
      status: failure?.status ?? 504,
      errorCode: failure?.code ?? 'upstream_timeout',
      tally: undefined,
      usage: undefined,
    });
    ctx.log.warn(
      { err: error, model: request.model },
      'title generation failed; using the first words',
    );
    return fallbackTitle(request.firstMessage);
  }
}
