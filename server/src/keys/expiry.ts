import { validationError } from '../http/errors.ts';

/** How far ahead a gateway key's expiry may lie. */
export const EXPIRY_MAX_YEARS = 10;

// RFC 3339 date-time: a four-digit year, `T`, seconds with an optional
// fraction, and `Z` or a ±hh:mm offset. Date.parse alone also accepts
// six-digit years (+275760-…), 2030-02-30 and 24:00, which are rejected here.
const RFC_3339_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const FORMAT_MESSAGE = 'expiresAt must be an RFC 3339 date-time such as 2030-01-31T12:00:00Z.';

/**
 * Parses an optional gateway key expiry, which must be an RFC 3339 date-time
 * in the future and at most EXPIRY_MAX_YEARS ahead. Returns Unix ms or null, and
 * throws validation_failed with param `expiresAt` otherwise.
 */
export function parseExpiry(raw: string | null | undefined, now: number): number | null {
  if (raw === undefined || raw === null) return null;
  const ms = parseDateTime(raw);
  if (ms === undefined) throw validationError('expiresAt', FORMAT_MESSAGE);
  if (ms <= now) throw validationError('expiresAt', 'expiresAt must be in the future.');
  if (ms > latestExpiry(now)) {
    throw validationError(
      'expiresAt',
      `expiresAt must be at most ${EXPIRY_MAX_YEARS} years from now.`,
    );
  }
  return ms;
}

function latestExpiry(now: number): number {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + EXPIRY_MAX_YEARS);
  return latest.getTime();
}

/** Returns the Unix ms of an RFC 3339 date-time, or undefined when any field is out of range. */
function parseDateTime(raw: string): number | undefined {
  const match = RFC_3339_DATE_TIME.exec(raw);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // A leap second (:60) is valid RFC 3339 but has no Unix time, so it is rejected too.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;

  const offsetMinutes = parseOffset(match[8], match[9], match[10]);
  if (offsetMinutes === undefined) return undefined;
  const fractionMs = Math.floor(Number(match[7] ?? '0') * 1000);
  const time = new Date(0);
  time.setUTCFullYear(year, month - 1, day);
  time.setUTCHours(hour, minute, second, fractionMs);
  return time.getTime() - offsetMinutes * 60_000;
}

/** Returns the offset east of UTC in minutes (0 for `Z`), or undefined when out of range. */
function parseOffset(
  sign: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
): number | undefined {
  if (sign === undefined) return 0;
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 23 || m > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
}
