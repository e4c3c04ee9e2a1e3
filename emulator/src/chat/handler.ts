import type { ApiCall } from '../api-call.ts';
import { authenticate, userIdFor } from '../auth.ts';
import { isFreeModel, supportsTools } from '../catalog/catalog.ts';
import type { Model } from '../catalog/types.ts';
import type { EmulatorContext } from '../context.ts';
import { type ErrorReply, invalidBody, invalidModel, toolsUnsupported } from '../errors.ts';
import { generationId } from '../generation-id.ts';
import { sendError, sleep } from '../http-io.ts';
import { bodyTemplate, renderBody } from './body-template.ts';
import { buildCompletion, type Completion } from './completion.ts';
import type { CachedCompletion } from './completion-cache.ts';
import { sendCompletionBytes, writeJsonCompletion } from './json-reply.ts';
import { type ChatRequest, parseChatRequest } from './request.ts';
import { writeStream } from './stream.ts';

/**
 * Serves `POST /api/v1/chat/completions`, running OpenRouter's checks in its order:
 * key (401), body (400), model (400), tool support (404), free-model rate limit (429).
 */
export function handleChatCompletions(context: EmulatorContext, call: ApiCall) {
  const auth = authenticate(call.request, context.config.keys);
  if (!auth.ok) return sendError(call.response, auth.error);
  const cached = call.scenario ? undefined : context.completions.get(call.bodyText);
  if (cached) return sendCached(context, call, auth.key, cached);
  return completeFresh(context, call, auth.key);
}

async function completeFresh(context: EmulatorContext, call: ApiCall, key: string) {
  const { response } = call;
  const checked = checkRequest(context, call);
  const limited = 'error' in checked ? checked.error : rateLimit(context, checked.model, key);
  if (limited) return sendError(response, withUser(limited, userIdFor(key)));
  const { chat, model } = checked as { chat: ChatRequest; model: Model };
  const completion = buildCompletion(chat, model, context.config, call.scenario);
  recordSpending(context, key, completion.usage?.cost);
  await sleep(call.scenario?.delayBeforeHeadersMs ?? 0);
  if (response.destroyed) return;
  if (chat.stream) return writeStream(response, completion, call.plan);
  if (!call.scenario) remember(context, call.bodyText, model, completion);
  writeJsonCompletion(response, completion, call.plan);
}

// The cached body already passed the body, model and tool checks; only the per-key limit
// and the fresh id remain.
function sendCached(
  context: EmulatorContext,
  call: ApiCall,
  key: string,
  cached: CachedCompletion,
) {
  const limited = rateLimit(context, cached.model, key);
  if (limited) return sendError(call.response, withUser(limited, userIdFor(key)));
  recordSpending(context, key, cached.cost);
  const created = Math.floor(context.config.now() / 1000);
  const id = generationId(created);
  sendCompletionBytes(
    call.response,
    renderBody(cached.template, id, created),
    id,
    call.plan.headers,
  );
}

function remember(
  context: EmulatorContext,
  bodyText: string,
  model: Model,
  completion: Completion,
) {
  const cost = typeof completion.usage?.cost === 'number' ? completion.usage.cost : 0;
  context.completions.set(bodyText, { model, template: bodyTemplate(completion), cost });
}

type Checked = { chat: ChatRequest; model: Model } | { error: ErrorReply };

function checkRequest(context: EmulatorContext, call: ApiCall): Checked {
  const body = call.body();
  if (body.error !== undefined) return { error: invalidBody(body.error) };
  const parsed = parseChatRequest(body.value);
  if (!parsed.ok) return { error: parsed.error };
  const chat = parsed.request;
  const resolved = resolveModel(context, chat);
  if ('error' in resolved) return resolved;
  if (chat.toolsRequested && !supportsTools(resolved.model) && !call.scenario?.toolCalls) {
    return { error: toolsUnsupported() };
  }
  return { chat, model: resolved.model };
}

function rateLimit(context: EmulatorContext, model: Model, key: string): ErrorReply | undefined {
  return isFreeModel(model) ? context.limiter?.hit(key) : undefined;
}

// Every id in `model` and `models` must be known. The first one answers, because emulated
// models never fail over.
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
  // NOTE: a model without text output still replies with text here; OpenRouter would send
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
