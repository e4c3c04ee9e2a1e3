import type { ServerResponse } from 'node:http';
import { sleep } from '../http-io.ts';
import { type DeliveryPlan, interrupt } from './stream.ts';

/**
 * Writes each raw chunk as one socket write and waits until it is flushed, so that a
 * multi-byte character split across two chunks also reaches the client split.
 */
export async function writeRawChunks(
  response: ServerResponse,
  status: number,
  chunks: readonly Buffer[],
  plan: DeliveryPlan,
): Promise<void> {
  response.writeHead(status, { 'content-type': 'text/event-stream', ...plan.headers });
  response.flushHeaders();
  for (let written = 0; written <= chunks.length; written++) {
    if (response.destroyed || interrupt(response, undefined, plan, written)) return;
    if (written === chunks.length) break;
    if (written > 0) await sleep(plan.chunkDelayMs);
    await writeFlushed(response, chunks[written] as Buffer);
  }
  response.end();
}

function writeFlushed(response: ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('close', done);
      resolve();
    };
    response.once('close', done);
    response.write(bytes, done);
  });
}
