import { Agent, request } from 'undici';
import type { Config } from '../config/settings.ts';
import { AppError } from '../http/errors.ts';
import { errorCodeOf, isTimeout } from '../upstream/map-transport-error.ts';

// Statuses OpenRouter and its CDN use for a timeout, answered as 504 rather than 502.
const TIMEOUT_STATUSES = new Set([408, 504, 524]);
// The real list is about 0.7 MB; this bounds a runaway reply.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Fetches `{OPENROUTER_BASE_URL}/models` and returns its `data` entries.
 * Throws 504 upstream_timeout or 502 upstream_error; nothing is changed then.
 */
export async function fetchUpstreamModels(config: Config): Promise<unknown[]> {
  const agent = new Agent({ connect: { timeout: config.upstreamConnectTimeoutMs } });
  try {
    const response = await request(`${config.upstreamBaseUrl}/models`, {
      dispatcher: agent,
      headers: requestHeaders(config),
      headersTimeout: config.upstreamIdleTimeoutMs,
      bodyTimeout: config.upstreamIdleTimeoutMs,
    });
    const text = await readLimited(response.body);
    if (response.statusCode < 200 || response.statusCode > 299)
      throw statusError(response.statusCode);
    return parseModelList(text);
  } catch (error) {
    throw asUpstreamError(error);
  } finally {
    await agent.close();
  }
}

function requestHeaders(config: Config): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'http-referer': config.publicUrl,
  };
  if (config.operatorApiKey !== undefined)
    headers.authorization = `Bearer ${config.operatorApiKey}`;
  return headers;
}

async function readLimited(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError('upstream_error', 'The model list is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function statusError(status: number): AppError {
  if (TIMEOUT_STATUSES.has(status)) {
    return new AppError(
      'upstream_timeout',
      `The upstream timed out listing models (HTTP ${status}).`,
    );
  }
  return new AppError('upstream_error', `The upstream failed to list models (HTTP ${status}).`);
}

function parseModelList(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('upstream_error', 'The upstream model list is not JSON.');
  }
  const data =
    typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data))
    throw new AppError('upstream_error', 'The upstream model list has no data array.');
  return data;
}

function asUpstreamError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isTimeout(error)) {
    return new AppError('upstream_timeout', 'The upstream timed out listing models.', {
      cause: error,
    });
  }
  const code = errorCodeOf(error) ?? 'unknown error';
  return new AppError(
    'upstream_error',
    `The upstream could not be reached to list models (${code}).`,
    {
      cause: error,
    },
  );
}
