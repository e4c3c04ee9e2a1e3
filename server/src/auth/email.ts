export const EMAIL_MAX_LENGTH = 254;

/** Trims and lower-cases an email address. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Accepts `local@domain` without spaces, where the domain may be a single
 * label (`admin@localhost`), which JSON Schema's `format: "email"` rejects.
 * Returns the problem, or undefined when the address is acceptable.
 */
export function emailProblem(email: string): string | undefined {
  if (email.length === 0) return 'Email is required.';
  if (email.length > EMAIL_MAX_LENGTH)
    return `Email must be at most ${EMAIL_MAX_LENGTH} characters.`;
  if (!/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/.test(email)) {
    return 'Email must look like name@domain, without spaces.';
  }
  return undefined;
}
