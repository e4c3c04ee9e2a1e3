const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/sk-or-[A-Za-z0-9_-]*/g, '[redacted key]'],
  [/Bearer\s+\S+/gi, 'Bearer [redacted]'],
  [/pcl_[A-Za-z0-9]+/g, '[redacted key]'],
];

const MAX_MESSAGE_LENGTH = 500;

/** Removes anything that looks like a key or a bearer token from an upstream message. */
export function cleanUpstreamMessage(message: string): string {
  let cleaned = message;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    cleaned = cleaned.replace(pattern, replacement);
  }
  if (cleaned.length > MAX_MESSAGE_LENGTH) cleaned = `${cleaned.slice(0, MAX_MESSAGE_LENGTH)}…`;
  return cleaned;
}
