import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ApiCall, lazyBody } from './api-call.ts';
import { bearerKey, userIdFor } from './auth.ts';
import { handleChatCompletions } from './chat/handler.ts';
import type { DeliveryPlan } from './chat/stream.ts';
import type { EmulatorContext } from './context.ts';
import { errorReply, methodNotAllowed, routeNotFound } from './errors.ts';
import { collectBody, sendError } from './http-io.ts';
import type { JsonBody } from './json-body.ts';
import { handleControl } from './routes/control.ts';
import { handleKeyInfo } from './routes/key.ts';
import { handleModelList, handleModelLookup } from './routes/models.ts';
import { overridesReply, sendOverride } from './scenarios/respond.ts';
import type { Scenario } from './scenarios/types.ts';

type Handler = (context: EmulatorContext, call: ApiCall) => Promise<void> | void;

/** Creates the emulator's HTTP server; it serves until closed. */
export function createEmulatorServer(context: EmulatorContext): Server {
  const server = createServer((request, response) => serve(context, request, response));
  server.keepAliveTimeout = 65_000;
  return server;
}

function serve(context: EmulatorContext, request: IncomingMessage, response: ServerResponse) {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  if (path.startsWith('/__emulator/')) {
    guard(response, () => handleControl(context, request, response, path));
    return;
  }
  const requestId = context.requests.track(request, response, path);
  collectBody(request, (text) => {
    if (text === null) return sendError(response, errorReply(413, 'Request body too large.'));
    context.requests.setBody(requestId, text);
    guard(response, () => dispatch(context, request, response, url, path, text));
  });
}

function dispatch(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: string,
  path: string,
  text: string,
): Promise<void> | void {
  const call = buildCall(context, request, response, path, text);
  const queryStart = url.indexOf('?');
  if (queryStart >= 0) call.query = new URLSearchParams(url.slice(queryStart + 1));
  if (call.scenario && overridesReply(call.scenario)) return sendScenario(context, call);
  const handler = findHandler(request.method ?? 'GET', path);
  return handler(context, call);
}

// Runs a handler and turns any error it throws, now or later, into a 500.
function guard(response: ServerResponse, run: () => Promise<void> | void): void {
  try {
    const result = run();
    if (result) result.catch((error: unknown) => failed(response, error));
  } catch (error) {
    failed(response, error);
  }
}

function buildCall(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  bodyText: string,
): ApiCall {
  const body = lazyBody(bodyText);
  const scenario =
    context.scenarios.size > 0 ? takeScenario(context, request, path, body) : undefined;
  const plan = scenario
    ? deliveryPlan(context, scenario, () => context.requests.markCut(response))
    : context.defaultPlan;
  const call: ApiCall = { request, response, path, bodyText, body, plan };
  if (scenario) call.scenario = scenario;
  return call;
}

function takeScenario(
  context: EmulatorContext,
  request: IncomingMessage,
  path: string,
  body: () => JsonBody,
): Scenario | undefined {
  const value = body().value;
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  return context.scenarios.take({
    path,
    model: typeof fields.model === 'string' ? fields.model : undefined,
    key: bearerKey(request),
    stream: fields.stream === true,
  });
}

function deliveryPlan(context: EmulatorContext, scenario: Scenario, onCut: () => void) {
  const { config } = context;
  const plan: DeliveryPlan = {
    headers: scenario.headers ?? {},
    firstTokenMs: config.firstTokenMs,
    chunkDelayMs: scenario.chunkDelayMs ?? config.chunkDelayMs,
    onCut,
  };
  if (scenario.errorAfterChunks) plan.errorAfterChunks = scenario.errorAfterChunks;
  if (scenario.cutAfterChunks !== undefined) plan.cutAfterChunks = scenario.cutAfterChunks;
  if (scenario.hangAfterChunks !== undefined) plan.hangAfterChunks = scenario.hangAfterChunks;
  return plan;
}

function sendScenario(context: EmulatorContext, call: ApiCall): Promise<void> {
  const key = bearerKey(call.request);
  const model = (call.body().value as { model?: unknown } | null)?.model;
  return sendOverride(call.response, call.scenario as Scenario, {
    model: typeof model === 'string' ? model : undefined,
    userId: key ? userIdFor(key) : undefined,
    now: context.config.now(),
    plan: call.plan,
  });
}

const ROUTES: Record<string, Handler> = {
  'POST /api/v1/chat/completions': handleChatCompletions,
  'GET /api/v1/models': handleModelList,
  'GET /api/v1/key': handleKeyInfo,
  'GET /api/v1/auth/key': handleKeyInfo,
};

function findHandler(method: string, path: string): Handler {
  if (method === 'POST' && path === '/api/v1/chat/completions') return handleChatCompletions;
  const handler = ROUTES[`${method} ${path}`];
  if (handler) return handler;
  if (path.startsWith('/api/v1/model/') && path.split('/').length >= 6) {
    return method === 'GET' ? handleModelLookup : notAllowed;
  }
  const knownPath = Object.keys(ROUTES).some((route) => route.endsWith(` ${path}`));
  return knownPath ? notAllowed : notFound;
}

const notAllowed: Handler = (_context, call) => sendError(call.response, methodNotAllowed());
const notFound: Handler = (_context, call) => sendError(call.response, routeNotFound());

// The emulator has no logger, so an unexpected error goes to stderr and the client gets a 500.
function failed(response: ServerResponse, error: unknown): void {
  console.error('emulator: request failed:', error);
  if (!response.headersSent) sendError(response, errorReply(500, 'Internal Server Error'));
  else response.destroy();
}
