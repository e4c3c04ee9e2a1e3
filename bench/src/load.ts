import autocannon from 'autocannon';
import { Pool } from 'undici';
import { chatBody, type Target } from './targets.ts';

/** Requests per second and latency percentiles of one scenario on one target. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx replies and socket errors; a valid run has none. */
  failures: number;
  /** Replies received in the run. */
  requests: number;
  /** CPU time (user + system) the measured server process spent per request; set by the caller. */
  serverCpuMsPerRequest?: number;
}

/** Saturating throughput with autocannon: `connections` concurrent clients for `seconds`. */
export async function throughput(
  target: Target,
  stream: boolean,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: chatBody(stream),
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

/**
 * Latency at moderate load, timed to the microsecond: `concurrency` clients
 * each send one request after another for `seconds`, reading every reply to
 * its end. With `firstEvent`, the time to the first data event is recorded
 * instead of the time to the end.
 */
export async function closedLoop(
  target: Target,
  stream: boolean,
  options: { concurrency: number; seconds: number; firstEvent?: boolean },
): Promise<LoadResult> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: options.concurrency, pipelining: 1 });
  const samples: number[] = [];
  let failures = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const body = chatBody(stream);
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await pool.request({
        path: url.pathname,
        method: 'POST',
        headers: target.headers,
        body,
      });
      let sample: number | undefined;
      for await (const chunk of response.body) {
        if (sample === undefined && options.firstEvent && (chunk as Buffer).includes('data: {')) {
          sample = performance.now() - started;
        }
      }
      if (response.statusCode !== 200) failures += 1;
      samples.push(sample ?? performance.now() - started);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - began) / 1000;
  await pool.close();
  samples.sort((a, b) => a - b);
  return {
    requestsPerSecond: samples.length / elapsed,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    failures,
    requests: samples.length,
  };
}
