import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { rssMiB } from './processes.ts';
import { chatBody, type Target } from './targets.ts';

/** Gateway memory while many streams are open through it. */
export interface OpenStreamsResult {
  streams: number;
  /** Streams that received their first data event. */
  opened: number;
  rssBeforeMiB: number;
  rssOpenMiB: number;
}

/**
 * Opens `count` streams through the target (the emulator sends one chunk per
 * `chunkDelayMs`, so they stay open), waits until each received its first
 * data event, samples the gateway's RSS, then aborts them all.
 */
export async function holdOpenStreams(
  target: Target,
  gatewayPid: number,
  options: { count: number; timeoutMs: number },
): Promise<OpenStreamsResult> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: options.count, pipelining: 1 });
  const abort = new AbortController();
  // Every stream listens on the one signal.
  setMaxListeners(0, abort.signal);
  const rssBeforeMiB = rssMiB(gatewayPid);
  let opened = 0;
  const firstEvents: Array<Promise<void>> = [];
  const streams: Array<Promise<void>> = [];
  for (let index = 0; index < options.count; index++) {
    let markOpen: () => void = () => {};
    firstEvents.push(new Promise((resolve) => (markOpen = resolve)));
    streams.push(
      (async () => {
        const response = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: target.headers,
          body: chatBody(true),
          signal: abort.signal,
        });
        let first = true;
        for await (const chunk of response.body) {
          if (first && (chunk as Buffer).includes('data: {')) {
            first = false;
            opened += 1;
            markOpen();
          }
        }
      })().catch(() => markOpen()),
    );
  }
  const timeout = new Promise((resolve) => setTimeout(resolve, options.timeoutMs));
  await Promise.race([Promise.all(firstEvents), timeout]);
  const rssOpenMiB = rssMiB(gatewayPid);
  abort.abort();
  await Promise.allSettled(streams);
  await pool.destroy();
  return { streams: options.count, opened, rssBeforeMiB, rssOpenMiB };
}
