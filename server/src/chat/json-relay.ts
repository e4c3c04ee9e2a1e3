import type { Metrics } from '../observability/metrics.ts';
import type { UpstreamChatResponse } from '../upstream/call-upstream.ts';
import { readErrorObject } from '../upstream/error-body.ts';
import { mapUpstreamStatus } from '../upstream/map-status.ts';
import { mapTransportError } from '../upstream/map-transport-error.ts';
import { UpstreamFailure } from '../upstream/upstream-failure.ts';
import { CompletionTally } from './completion-tally.ts';

/** A non-streamed completion read in full. */
export interface JsonCompletion {
  /** The upstream's body bytes, sent to the client unchanged. */
  bytes: Buffer;
  tally: CompletionTally;
}

/**
 * Reads a non-streamed upstream reply. A body that is not JSON is a 502; a
 * 200 whose body is an error (OpenRouter sends one when a provider fails
 * mid-generation) becomes that error, mapped like an error status but keeping
 * the quota unit, since the upstream did answer. An abort through `signal`
 * rethrows the abort.
 */
export async function readJsonCompletion(
  upstream: UpstreamChatResponse,
  signal: AbortSignal,
  context: { now: number; metrics: Metrics },
): Promise<JsonCompletion> {
  try {
    return await parseCompletion(upstream, await readAll(upstream, signal), context.now);
  } catch (error) {
    if (error instanceof UpstreamFailure) context.metrics.upstreamErrors.inc({ code: error.code });
    throw error;
  }
}

function parseCompletion(
  upstream: UpstreamChatResponse,
  bytes: Buffer,
  now: number,
): JsonCompletion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UpstreamFailure('upstream_error', 'The upstream sent a reply that is not JSON.', {});
  }
  const tally = new CompletionTally();
  tally.addCompletion(parsed);
  const error = readErrorObject(parsed);
  if (error !== undefined && !hasChoices(parsed)) throw inBandFailure(error, upstream, now);
  return { bytes, tally };
}

async function readAll(upstream: UpstreamChatResponse, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of upstream.body) chunks.push(chunk as Buffer);
  } catch (error) {
    if (signal.aborted) throw error;
    throw mapTransportError(error);
  }
  return Buffer.concat(chunks);
}

function hasChoices(body: unknown): boolean {
  const choices = (body as { choices?: unknown }).choices;
  return Array.isArray(choices) && choices.length > 0;
}

function inBandFailure(
  error: NonNullable<ReturnType<typeof readErrorObject>>,
  upstream: UpstreamChatResponse,
  now: number,
): UpstreamFailure {
  const status =
    error.code !== undefined && error.code >= 400 && error.code < 600 ? error.code : 502;
  const mapped = mapUpstreamStatus(status, error, {
    keyOwner: 'user',
    withdrawal: undefined,
    headers: upstream.headers,
    now,
  });
  return new UpstreamFailure(
    mapped.code,
    mapped.message,
    {},
    { status: mapped.status, headers: mapped.headers },
  );
}
