import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-io.ts';
import { completionBody, failedCompletionBody } from './body.ts';
import { bodyTemplate, renderBody } from './body-template.ts';
import type { Completion } from './completion.ts';
import type { DeliveryPlan } from './stream.ts';

/**
 * Sends a non-streaming completion. Scripted failures map onto a single body: an error
 * sends HTTP 200 with the failed generation, a cut sends half the body and closes the
 * connection, and a hang sends the headers and then nothing.
 */
export function writeJsonCompletion(
  response: ServerResponse,
  completion: Completion,
  plan: DeliveryPlan,
): void {
  const headers = { ...plan.headers, 'x-generation-id': completion.id };
  if (plan.errorAfterChunks) {
    sendJson(response, 200, failedCompletionBody(completion, plan.errorAfterChunks), headers);
  } else if (plan.cutAfterChunks !== undefined) {
    writeHalfAndCut(response, completion, plan, headers);
  } else if (plan.hangAfterChunks !== undefined) {
    response.writeHead(200, { ...headers, 'content-type': 'application/json' });
    response.flushHeaders();
  } else {
    const bytes = renderBody(bodyTemplate(completion), completion.id, completion.created);
    sendCompletionBytes(response, bytes, completion.id, plan.headers);
  }
}

/** Sends a serialized completion body with its X-Generation-Id header. */
export function sendCompletionBytes(
  response: ServerResponse,
  bytes: Buffer,
  id: string,
  headers: Record<string, string>,
): void {
  response.writeHead(200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': bytes.length,
    'x-generation-id': id,
  });
  response.end(bytes);
}

function writeHalfAndCut(
  response: ServerResponse,
  completion: Completion,
  plan: DeliveryPlan,
  headers: Record<string, string>,
): void {
  const bytes = Buffer.from(JSON.stringify(completionBody(completion)));
  response.writeHead(200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': bytes.length,
  });
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
    plan.onCut();
    response.destroy();
  });
}
