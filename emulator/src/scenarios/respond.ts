import type { ServerResponse } from 'node:http';
import { writeRawChunks } from '../chat/raw-stream.ts';
import type { DeliveryPlan } from '../chat/stream.ts';
import { sendJson, sleep } from '../http-io.ts';
import { cannedError } from './canned.ts';
import type { Scenario } from './types.ts';

/** Tells whether a scenario replaces the whole reply instead of shaping the generated one. */
export function overridesReply(scenario: Scenario): boolean {
  if (scenario.body !== undefined || scenario.rawChunks !== undefined) return true;
  return scenario.status !== undefined && scenario.status >= 300;
}

/** Facts about the request that a canned reply mentions. */
export interface OverrideInput {
  model: string | undefined;
  userId: string | undefined;
  now: number;
  plan: DeliveryPlan;
}

/** Sends a scenario's own reply: raw chunks, its body, or the canned error for its status. */
export async function sendOverride(
  response: ServerResponse,
  scenario: Scenario,
  input: OverrideInput,
): Promise<void> {
  await sleep(scenario.delayBeforeHeadersMs ?? 0);
  if (response.destroyed) return;
  const status = scenario.status ?? 200;
  if (scenario.rawChunks) return writeRawChunks(response, status, scenario.rawChunks, input.plan);
  if (scenario.body !== undefined) return sendBody(response, status, scenario);
  const error = cannedError(status, input.model, input.now);
  if (input.userId) error.body.user_id = input.userId;
  sendJson(response, status, error.body, { ...error.headers, ...scenario.headers });
}

// A string body is sent as it is, so a test can send malformed JSON; anything else as JSON.
function sendBody(response: ServerResponse, status: number, scenario: Scenario): void {
  if (typeof scenario.body !== 'string') {
    sendJson(response, status, scenario.body, scenario.headers);
    return;
  }
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(scenario.body),
    ...scenario.headers,
  });
  response.end(scenario.body);
}
