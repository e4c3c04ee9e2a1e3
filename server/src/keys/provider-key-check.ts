import { type Dispatcher, request } from 'undici';
import type { Config } from '../config/settings.ts';

/** The outcome of asking the upstream about a key. */
export type KeyCheckResult =
  | { kind: 'verified' }
  /** The upstream refused the key, or undici cannot send it. The message never contains the key. */
  | { kind: 'rejected'; message: string }
  /** The upstream could not be reached or gave no clear answer; the message never holds the key. */
  | { kind: 'unverified'; message: string };

/**
 * Checks an OpenRouter key with `GET {base}/key`: 200 verifies it, 401 rejects
 * it, and so does undici's invalid-argument error, which it raises before
 * sending a header value it cannot encode. Anything else (a refused
 * connection, a timeout, a 5xx or 429) leaves the key unverified.
 */
export async function checkProviderKey(
  config: Config,
  dispatcher: Dispatcher,
  apiKey: string,
): Promise<KeyCheckResult> {
  try {
    const response = await request(`${config.upstreamBaseUrl}/key`, {
      method: 'GET',
      dispatcher,
      headers: {
        authorization: `Bearer ${apiKey}`,
        'http-referer': config.publicUrl,
        'x-title': 'Portcullis',
      },
    });
    await response.body.dump();
    if (response.statusCode === 200) return { kind: 'verified' };
    if (response.statusCode === 401) {
      return {
        kind: 'rejected',
        message: 'OpenRouter rejected this key (401); it was not stored.',
      };
    }
    return unverified(`the upstream answered HTTP ${response.statusCode}`);
  } catch (error) {
    if (errorCode(error) === 'UND_ERR_INVALID_ARG') {
      return {
        kind: 'rejected',
        message: 'This key cannot be sent in an HTTP header; it was not stored.',
      };
    }
    return unverified(describeNetworkError(error));
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

function unverified(reason: string): KeyCheckResult {
  return {
    kind: 'unverified',
    message: `The key was stored but not verified: ${reason}.`,
  };
}

// Only the error code and class are used: undici messages never carry
// headers, but the code is all a user needs here.
function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connecting to the upstream timed out';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return 'the upstream did not answer in time';
  }
  if (typeof code === 'string') return `the upstream could not be reached (${code})`;
  return 'the upstream could not be reached';
}
