import type { ApiCall } from '../api-call.ts';
import { authenticate } from '../auth.ts';
import { isFreeModel, supportsTools } from '../catalog/catalog.ts';
import type { Model } from '../catalog/types.ts';
import type { EmulatorContext } from '../context.ts';
import { type ErrorReply, invalidBody, invalidModel, toolsUnsupported } from '../errors.ts';
import { sendError, sleep } from '../http-io.ts';
import { buildCompletion } from './completion.ts';
import { writeJsonCompletion } from './json-reply.ts';
import { type ChatRequest, parseChatRequest } from './request.ts';
import { writeStream } from './stream.ts';

/**
 * Answers `POST /api/v1/chat/completions` after OpenRouter's checks, in its order:
 * key (401), body (400), model (400), tool support (404), free-model rate limit (429).
 */
export async function handleChatCompletions(context: EmulatorContext, call: ApiCall) {
  const { response } = call;
  const auth = authenticate(call.request, context.config.keys);
  if (!auth.ok) return sendError(response, auth.error);
  const checked = checkRequest(context, call, auth.key);
  if ('error' in checked) return sendError(response, withUser(checked.error, auth.userId));
  const { chat, model } = checked;
  const completion = buildCompletion(chat, model, context.config, call.scenario);
  recordSpending(context, auth.key, completion.usage?.cost);
  await sleep(call.scenario?.delayBeforeHeadersMs ?? 0);
  if (response.destroyed) return;
  if (chat.stream) return writeStream(response, completion, call.plan);
  writeJsonCompletion(response, completion, call.plan);
}

type Checked = { chat: ChatRequest; model: Model } | { error: ErrorReply };

function checkRequest(context: EmulatorContext, call: ApiCall, key: string): Checked {
  if (call.parseError !== undefined) return { error: invalidBody(call.parseError) };
  const parsed = parseChatRequest(call.body);
  if (!parsed.ok) return { error: parsed.error };
  const chat = parsed.request;
  const resolved = resolveModel(context, chat);
  if ('error' in resolved) return resolved;
  if (chat.toolsRequested && !supportsTools(resolved.model) && !call.scenario?.toolCalls) {
    return { error: toolsUnsupported() };
  }
  const limited = isFreeModel(resolved.model) ? context.limiter?.hit(key) : undefined;
  return limited ? { error: limited } : { chat, model: resolved.model };
}

// `model` is tried first, then the `models` fallbacks; every id given must be known.
function resolveModel(
  context: EmulatorContext,
  chat: ChatRequest,
): { model: Model } | { error: ErrorReply } {
  const { catalog } = context.config;
  const ids = chat.model === undefined ? chat.models : [chat.model, ...chat.models];
  const unknown = ids.find((id) => !catalog.find(id));
  if (unknown !== undefined) return { error: invalidModel(unknown) };
  const first = ids[0];
  const model = first === undefined ? catalog.defaultModel() : catalog.resolve(first);
  if (!model) return { error: invalidBody('No model given and the catalogue has no text model.') };
  // NOTE: a model without text output still answers with text here; OpenRouter would send
  // `message.images` for an image model.
  return { model };
}

function withUser(error: ErrorReply, userId: string): ErrorReply {
  return { ...error, body: { ...error.body, user_id: userId } };
}

function recordSpending(context: EmulatorContext, key: string, cost: unknown): void {
  if (typeof cost !== 'number' || cost === 0) return;
  context.spending.set(key, (context.spending.get(key) ?? 0) + cost);
}
