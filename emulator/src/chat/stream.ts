import type { ServerResponse } from 'node:http';
import { sleep } from '../http-io.ts';
import type { ChunkError } from '../scenarios/types.ts';
import { errorEvent, streamEvents } from './chunks.ts';
import type { Completion } from './completion.ts';

/** Delivery settings of a reply: timing, extra headers and a scenario's scripted failures. */
export interface DeliveryPlan {
  headers: Record<string, string>;
  firstTokenMs: number;
  chunkDelayMs: number;
  errorAfterChunks?: ChunkError;
  cutAfterChunks?: number;
  hangAfterChunks?: number;
  /** Called before the emulator destroys a connection on purpose, so it is not logged as an abort. */
  onCut: () => void;
}

export const PROCESSING_COMMENT = ': OPENROUTER PROCESSING\n\n';

/** Streams a completion as OpenRouter's SSE, applying the plan's delays and failures. */
export async function writeStream(
  response: ServerResponse,
  completion: Completion,
  plan: DeliveryPlan,
): Promise<void> {
  response.writeHead(200, {
    ...plan.headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-generation-id': completion.id,
  });
  response.write(PROCESSING_COMMENT);
  await waitWithComments(response, plan.firstTokenMs);
  const events = streamEvents(completion);
  for (let written = 0; written <= events.length; written++) {
    if (response.destroyed || interrupt(response, completion, plan, written)) return;
    if (written === events.length) break;
    if (written > 0) await sleep(plan.chunkDelayMs);
    response.write(`data: ${events[written]}\n\n`);
  }
  response.end();
}

/** Waits `ms`, sending the processing comment again after each full second of waiting. */
export async function waitWithComments(response: ServerResponse, ms: number): Promise<void> {
  let remaining = ms;
  while (remaining > 0 && !response.destroyed) {
    const step = Math.min(1000, remaining);
    await sleep(step);
    remaining -= step;
    if (remaining > 0 && !response.destroyed) response.write(PROCESSING_COMMENT);
  }
}

/**
 * Applies the plan's failure due after `written` chunks, if any: an in-band error event,
 * a cut connection, or a hang that keeps the connection open without writing. Returns
 * true when the stream must stop.
 */
export function interrupt(
  response: ServerResponse,
  completion: Completion | undefined,
  plan: DeliveryPlan,
  written: number,
): boolean {
  if (plan.errorAfterChunks?.n === written && completion) {
    response.end(`data: ${errorEvent(completion, plan.errorAfterChunks)}\n\n`);
    return true;
  }
  if (plan.cutAfterChunks === written) {
    // Node corks chunked writes until the next tick, so destroying now would drop them.
    setImmediate(() => {
      plan.onCut();
      response.destroy();
    });
    return true;
  }
  return plan.hangAfterChunks === written;
}
