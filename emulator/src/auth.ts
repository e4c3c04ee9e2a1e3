import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type ErrorReply, missingCredentials, unknownKey } from './errors.ts';

/** Key check result: the accepted key, or the 401 to send. */
export type AuthResult = { ok: true; key: string } | { ok: false; error: ErrorReply };

/** Rule for accepted keys: a fixed list, or (null) any key starting with `sk-or-`. */
export type KeyPolicy = ReadonlySet<string> | null;

/** Extracts the key from `Authorization: Bearer <key>`, or undefined when absent or garbled. */
export function bearerKey(request: IncomingMessage): string | undefined {
  const header = authorizationHeader(request.rawHeaders);
  if (!header || header.length < 8) return undefined;
  const scheme = header.slice(0, 7);
  if (scheme !== 'Bearer ' && scheme.toLowerCase() !== 'bearer ') return undefined;
  const key = header.slice(7).trim();
  return key === '' || /\s/.test(key) ? undefined : key;
}

/** Checks the request's key the way OpenRouter does: no key and unknown key are distinct 401s. */
export function authenticate(request: IncomingMessage, policy: KeyPolicy): AuthResult {
  const key = bearerKey(request);
  if (!key) return { ok: false, error: missingCredentials() };
  if (!isAcceptedKey(key, policy)) return { ok: false, error: unknownKey() };
  return { ok: true, key };
}

/** Tells whether a key is valid under the policy. */
export function isAcceptedKey(key: string, policy: KeyPolicy): boolean {
  return policy ? policy.has(key) : key.startsWith('sk-or-');
}

/**
 * Derives a stable `user_...` id from a key, so each key acts as its own account. Callers
 * compute it only when a reply carries it, because hashing on every request is measurable.
 */
export function userIdFor(key: string): string {
  const digest = createHash('sha256').update(key).digest('base64url');
  return `user_${digest.replace(/[-_]/g, '').slice(0, 27)}`;
}

// Reads rawHeaders, because touching `request.headers` makes Node build the whole object.
function authorizationHeader(rawHeaders: string[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length !== 13) continue;
    if (
      name === 'authorization' ||
      name === 'Authorization' ||
      name.toLowerCase() === 'authorization'
    ) {
      return rawHeaders[i + 1];
    }
  }
  return undefined;
}
