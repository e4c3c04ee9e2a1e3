// Bearer first, so that `Bearer sk-or-…` becomes one `Bearer [redacted]`.
// Each pattern stops at characters a key or token68 value cannot contain, so
// redacting inside raw JSON never swallows a closing quote.
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/sk-or-[A-Za-z0-9_-]*/gi, '[redacted key]'],
  [/pcl_[A-Za-z0-9]+/gi, '[redacted key]'],
];

const MAX_MESSAGE_LENGTH = 500;

/** Replaces anything that looks like an OpenRouter key, a gateway key or a bearer token. */
export function redactSecrets(text: string): string {
  let cleaned = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    cleaned = cleaned.replace(pattern, replacement);
  }
  return cleaned;
}

/** Removes secrets from an upstream message and caps its length. */
export function cleanUpstreamMessage(message: string): string {
  const cleaned = redactSecrets(message);
  return cleaned.length > MAX_MESSAGE_LENGTH ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH)}…` : cleaned;
}

/** True when the text holds something `redactSecrets` would replace. */
export function containsSecret(text: string): boolean {
  return SECRET_PATTERNS.some(([pattern]) => {
    pattern.lastIndex = 0;
    const found = pattern.test(text);
    pattern.lastIndex = 0;
    return found;
  });
}
