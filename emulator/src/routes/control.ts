import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.ts';
import { errorReply, methodNotAllowed, routeNotFound } from '../errors.ts';
import { readBody, sendError, sendJson } from '../http-io.ts';
import { parseScenario, ScenarioError } from '../scenarios/validate.ts';

/** Serves the control API under `/__emulator/`: scenarios, the request log and a reset. */
export async function handleControl(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const route = `${request.method} ${path}`;
  if (route === 'POST /__emulator/scenarios') return addScenario(context, request, response);
  if (route === 'GET /__emulator/requests') return sendJson(response, 200, context.requests.list());
  if (route === 'DELETE /__emulator/state') return resetState(context, response);
  const known = ['/__emulator/scenarios', '/__emulator/requests', '/__emulator/state'];
  sendError(response, known.includes(path) ? methodNotAllowed() : routeNotFound());
}

async function addScenario(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const text = await readBody(request);
  try {
    const scenario = parseScenario(JSON.parse(text ?? ''));
    sendJson(response, 201, { id: context.scenarios.add(scenario) });
  } catch (error) {
    if (!(error instanceof ScenarioError || error instanceof SyntaxError)) throw error;
    const message = error instanceof SyntaxError ? `Invalid JSON: ${error.message}` : error.message;
    sendError(response, errorReply(400, `Invalid scenario: ${message}`));
  }
}

// The free-model rate counters are reset too, so each test starts with a full minute.
function resetState(context: EmulatorContext, response: ServerResponse): void {
  context.scenarios.clear();
  context.requests.clear();
  context.limiter?.clear();
  context.spending.clear();
  response.writeHead(204);
  response.end();
}
