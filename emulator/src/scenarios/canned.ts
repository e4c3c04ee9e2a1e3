import { type ErrorReply, errorReply } from '../errors.ts';
import { rateLimited } from '../rate-limit.ts';

// Messages OpenRouter sends for each status, as seen in client reports and its docs.
const MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'User not found.',
  402: 'Insufficient credits. Add more using https://openrouter.ai/credits',
  403: 'Key limit exceeded (total limit). Manage it using https://openrouter.ai/settings/keys',
  408: 'Operation timed out. Please try again later.',
  413: 'Request entity too large.',
  422: 'Unprocessable entity.',
  500: 'Internal Server Error',
  502: 'Provider returned error',
  503: 'Service temporarily unavailable',
  504: 'Gateway timeout.',
  524: 'Provider timed out.',
  529: 'Provider overloaded.',
};

/** Builds the error OpenRouter would send with this status, for a scenario that gives no body. */
export function cannedError(status: number, model: string | undefined, now: number): ErrorReply {
  if (status === 429) return rateLimited(20, 0, nextMinute(now));
  if (status === 404) return errorReply(404, `No endpoints found for ${model ?? 'this model'}.`);
  if (status === 502) {
    return errorReply(502, MESSAGES[502] as string, {
      raw: 'upstream connection closed',
      provider_name: 'Emulator',
    });
  }
  return errorReply(status, MESSAGES[status] ?? `HTTP ${status}`);
}

function nextMinute(now: number): number {
  return Math.ceil((now + 1) / 60_000) * 60_000;
}
