import type { IncomingHttpHeaders } from 'node:http';
import { cleanUpstreamMessage } from './clean-message.ts';
import type { UpstreamErrorBody } from './error-body.ts';
import { UpstreamFailure } from './upstream-failure.ts';

/** Whose key the gateway sent upstream. */
export type KeyOwner = 'user' | 'operator';

/** Inputs of a status mapping besides the status and the body. */
export interface StatusContext {
  keyOwner: KeyOwner;
  /** Set when the 404 is a withdrawal of the requested model. */
  withdrawal: string | undefined;
  headers: IncomingHttpHeaders;
  now: number;
}

const TIMEOUT_STATUSES = new Set([408, 504, 524]);
const REJECTED_STATUSES = new Set([400, 403, 404, 413, 422]);
// Used when a 429 carries neither Retry-After nor a reset time.
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Maps an upstream error status to the gateway's error for the client. */
export function mapUpstreamStatus(
  status: number,
  error: UpstreamErrorBody,
  context: StatusContext,
): UpstreamFailure {
  const said = cleanUpstreamMessage(error.message ?? `HTTP ${status}`);
  const facts = { upstreamStatus: status };
  if (status === 401) return keyRefused(context.keyOwner, said, facts);
  if (status === 402) return new UpstreamFailure('insufficient_credits', said, facts);
  if (status === 429) {
    const retryAfter = String(retryAfterSeconds(error, context));
    return new UpstreamFailure(
      'rate_limited',
      `The upstream rate limit was reached: ${said}`,
      facts,
      {
        headers: { 'retry-after': retryAfter },
      },
    );
  }
  if (status === 404 && context.withdrawal !== undefined) {
    return new UpstreamFailure(
      'model_withdrawn',
      `The model is no longer available: ${said}`,
      facts,
    );
  }
  if (TIMEOUT_STATUSES.has(status)) {
    return new UpstreamFailure('upstream_timeout', `The upstream timed out: ${said}`, facts);
  }
  if (REJECTED_STATUSES.has(status) || (status >= 400 && status < 500)) {
    return new UpstreamFailure(
      'upstream_rejected',
      `The upstream rejected the request: ${said}`,
      facts,
      {
        status,
      },
    );
  }
  return new UpstreamFailure('upstream_error', `The upstream failed: ${said}`, facts);
}

function keyRefused(
  owner: KeyOwner,
  said: string,
  facts: { upstreamStatus: number },
): UpstreamFailure {
  if (owner === 'user') {
    return new UpstreamFailure(
      'api_key_rejected',
      `OpenRouter refused your stored API key (${said}). Store a valid key with PUT /api/user/api-key.`,
      facts,
    );
  }
  return new UpstreamFailure(
    'upstream_error',
    'OpenRouter refused the operator key; the operator must check OPENROUTER_API_KEY.',
    facts,
  );
}

function retryAfterSeconds(error: UpstreamErrorBody, context: StatusContext): number {
  const header = Number(context.headers['retry-after']);
  if (Number.isFinite(header) && header >= 0) return Math.ceil(header);
  const reset = Number(context.headers['x-ratelimit-reset'] ?? error.rateLimitResetMs);
  if (Number.isFinite(reset) && reset > context.now) return Math.ceil((reset - context.now) / 1000);
  return DEFAULT_RETRY_AFTER_SECONDS;
}
