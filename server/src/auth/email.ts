export const EMAIL_MAX_LENGTH = 254;

// Control, format (zero-width, bidi), space and line or paragraph separator
// characters. They are invisible or blank, so an address with one looks like another.
const INVISIBLE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/u;
// Printable ASCII without the space.
const ASCII_ONLY = /^[\x21-\x7e]*$/;

/**
 * Folds compatibility forms with NFKC (fullwidth `ａ` to `a`), then trims and
 * lower-cases an email address, so lookalike spellings map to one account.
 * NOTE: an account stored before NFKC was applied, with a compatibility
 * character (such as a fullwidth letter) in its email, no longer matches at
 * sign-in, and no route changes a stored email.
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/**
 * Accepts ASCII `local@domain` without spaces, where the domain may be a
 * single label (`admin@localhost`), which JSON Schema's `format: "email"`
 * rejects. Non-ASCII addresses are rejected because letters from other
 * scripts (Cyrillic `а`) look like Latin ones. An international domain can
 * be written in its ASCII `xn--` form. Returns the problem, or undefined.
 */
export function emailProblem(email: string): string | undefined {
  if (email.length === 0) return 'Email is required.';
  if (email.length > EMAIL_MAX_LENGTH)
    return `Email must be at most ${EMAIL_MAX_LENGTH} characters.`;
  if (INVISIBLE_CHARACTER.test(email)) {
    return 'Email must not contain spaces, control characters or invisible characters.';
  }
  if (!ASCII_ONLY.test(email)) {
    return 'Email must use ASCII letters, digits and punctuation, like name@example.com.';
  }
  if (!/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/.test(email)) {
    return 'Email must look like name@domain, without spaces.';
  }
  return undefined;
}
